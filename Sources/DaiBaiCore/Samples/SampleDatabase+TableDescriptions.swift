extension SampleDatabase {
    /// One sentence per music-store table, keyed by table name, for retrieval and prompts.
    public static let tableDescriptions: [String: String] = [
        "genres": "Music genres (Rock, Jazz, Classical, …) that tracks belong to.",
        "media_types": "Audio file formats a track is sold in, such as MPEG, AAC, FLAC or WAV.",
        "artists": "Recording artists and bands, with their home country and the year they formed.",
        "albums": "Albums, each released by one artist in a given year.",
        "tracks": "Songs for sale, with their album, genre, media type, composer, length in milliseconds, size in bytes and unit price in US dollars.",
        "employees": "Store staff with their job title, hire date and manager (reports_to references another employee).",
        "customers": "Customers with their contact details, city and country, sign-up date (created_at) and the support employee who looks after them (support_rep_id).",
        "invoices": "Purchases: one row per order with the customer, invoice date (YYYY-MM-DD), billing city and country, and total amount in US dollars.",
        "invoice_lines": "The tracks bought on each invoice, with the unit price in US dollars and the quantity.",
        "playlists": "Curated playlists such as Workout Mix or Late Night Jazz.",
        "playlist_tracks": "Which tracks each playlist contains, and their position in it.",
    ]
}
