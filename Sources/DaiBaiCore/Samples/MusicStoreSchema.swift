/// The DDL of the music-store sample database.
///
/// Money columns (`unit_price`, `total`) are REAL amounts in US dollars with two decimals;
/// dates are ISO 8601 text (`YYYY-MM-DD`).
enum MusicStoreSchema {
    /// The tables, in creation order: every table comes after the tables it references.
    static let tableNames: [String] = [
        "genres", "media_types", "artists", "albums", "tracks", "employees",
        "customers", "invoices", "invoice_lines", "playlists", "playlist_tracks",
    ]

    /// The `CREATE TABLE` and `CREATE INDEX` statements, in order.
    static let statements: [String] = [
        """
        CREATE TABLE genres (
            genre_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE media_types (
            media_type_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE artists (
            artist_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            country TEXT NOT NULL,
            formed_year INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE albums (
            album_id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            artist_id INTEGER NOT NULL REFERENCES artists (artist_id),
            release_year INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE tracks (
            track_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            album_id INTEGER NOT NULL REFERENCES albums (album_id),
            genre_id INTEGER NOT NULL REFERENCES genres (genre_id),
            media_type_id INTEGER NOT NULL REFERENCES media_types (media_type_id),
            track_number INTEGER NOT NULL,
            composer TEXT,
            milliseconds INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            unit_price REAL NOT NULL
        )
        """,
        """
        CREATE TABLE employees (
            employee_id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            title TEXT NOT NULL,
            reports_to INTEGER REFERENCES employees (employee_id),
            birth_date TEXT NOT NULL,
            hire_date TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,
            phone TEXT NOT NULL,
            city TEXT NOT NULL,
            country TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE customers (
            customer_id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            company TEXT,
            email TEXT NOT NULL UNIQUE,
            city TEXT NOT NULL,
            country TEXT NOT NULL,
            support_rep_id INTEGER REFERENCES employees (employee_id),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE invoices (
            invoice_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
            invoice_date TEXT NOT NULL,
            billing_city TEXT NOT NULL,
            billing_country TEXT NOT NULL,
            total REAL NOT NULL
        )
        """,
        """
        CREATE TABLE invoice_lines (
            invoice_line_id INTEGER PRIMARY KEY,
            invoice_id INTEGER NOT NULL REFERENCES invoices (invoice_id),
            track_id INTEGER NOT NULL REFERENCES tracks (track_id),
            unit_price REAL NOT NULL,
            quantity INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE playlists (
            playlist_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE playlist_tracks (
            playlist_id INTEGER NOT NULL REFERENCES playlists (playlist_id),
            track_id INTEGER NOT NULL REFERENCES tracks (track_id),
            position INTEGER NOT NULL,
            PRIMARY KEY (playlist_id, track_id)
        )
        """,
        "CREATE INDEX albums_artist_id ON albums (artist_id)",
        "CREATE INDEX tracks_album_id ON tracks (album_id)",
        "CREATE INDEX tracks_genre_id ON tracks (genre_id)",
        "CREATE INDEX customers_support_rep_id ON customers (support_rep_id)",
        "CREATE INDEX invoices_customer_id ON invoices (customer_id)",
        "CREATE INDEX invoices_invoice_date ON invoices (invoice_date)",
        "CREATE INDEX invoice_lines_invoice_id ON invoice_lines (invoice_id)",
        "CREATE INDEX invoice_lines_track_id ON invoice_lines (track_id)",
        "CREATE INDEX playlist_tracks_track_id ON playlist_tracks (track_id)",
    ]
}
