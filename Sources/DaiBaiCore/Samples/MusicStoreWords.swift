/// The invented word lists the music-store sample data is built from.
enum MusicStoreWords {
    /// A genre: its name and the range of its track lengths in seconds.
    struct Genre: Sendable {
        let name: String
        let seconds: ClosedRange<Int>
        /// How many artists play it, relative to the other genres.
        let weight: Int
    }

    /// A media type: its name, its size in bytes per second of audio, and its share of albums (percent weight).
    struct MediaType: Sendable {
        let name: String
        let bytesPerSecond: Int
        let weight: Int
        let isLossless: Bool
    }

    static let genres: [Genre] = [
        Genre(name: "Rock", seconds: 170...330, weight: 14),
        Genre(name: "Jazz", seconds: 220...560, weight: 7),
        Genre(name: "Metal", seconds: 230...450, weight: 6),
        Genre(name: "Alternative", seconds: 160...300, weight: 8),
        Genre(name: "Blues", seconds: 180...360, weight: 4),
        Genre(name: "Classical", seconds: 240...780, weight: 5),
        Genre(name: "Electronic", seconds: 200...480, weight: 7),
        Genre(name: "Hip Hop", seconds: 150...280, weight: 6),
        Genre(name: "Pop", seconds: 150...250, weight: 9),
        Genre(name: "Reggae", seconds: 180...320, weight: 3),
        Genre(name: "Soul", seconds: 170...300, weight: 4),
        Genre(name: "Country", seconds: 150...260, weight: 4),
        Genre(name: "Latin", seconds: 170...290, weight: 4),
        Genre(name: "Folk", seconds: 140...280, weight: 4),
        Genre(name: "Soundtrack", seconds: 60...240, weight: 3),
    ]

    static let mediaTypes: [MediaType] = [
        MediaType(name: "MPEG audio file", bytesPerSecond: 32_000, weight: 58, isLossless: false),
        MediaType(name: "AAC audio file", bytesPerSecond: 32_000, weight: 20, isLossless: false),
        MediaType(name: "Protected AAC audio file", bytesPerSecond: 16_000, weight: 8, isLossless: false),
        MediaType(name: "FLAC lossless file", bytesPerSecond: 110_000, weight: 10, isLossless: true),
        MediaType(name: "WAV audio file", bytesPerSecond: 176_400, weight: 4, isLossless: true),
    ]

    static let firstNames: [String] = [
        "Ada", "Alma", "Amara", "Andre", "Anton", "Aria", "Ben", "Bianca", "Carla", "Caleb", "Chiara",
        "Clara", "Dario", "Daniel", "Elena", "Elif", "Emil", "Esther", "Felix", "Freya", "Gabriel",
        "Greta", "Hana", "Henrik", "Hugo", "Ines", "Isaac", "Ivy", "Jonas", "Julia", "Kai", "Kenji",
        "Lara", "Leon", "Lina", "Lucas", "Maya", "Marco", "Mila", "Nadia", "Nico", "Nina", "Omar",
        "Oskar", "Paula", "Priya", "Rafael", "Rosa", "Ruben", "Sara", "Sofia", "Tariq", "Theo",
        "Tomas", "Vera", "Victor", "Wendy", "Yara", "Yusuf", "Zoe",
    ]

    static let lastNames: [String] = [
        "Abbott", "Alves", "Bauer", "Berg", "Brennan", "Castillo", "Chen", "Costa", "Dahl", "Diaz",
        "Dubois", "Eriksen", "Falk", "Fischer", "Garcia", "Hartmann", "Holm", "Ibrahim", "Jensen",
        "Kaur", "Keller", "Kowalski", "Lambert", "Lindqvist", "Marsh", "Meyer", "Moreau", "Nakamura",
        "Novak", "Okafor", "Olsen", "Ortega", "Patel", "Quinn", "Rossi", "Santos", "Schmidt", "Silva",
        "Sato", "Torres", "Varga", "Vogel", "Walsh", "Weber", "Yilmaz", "Young", "Zimmer",
    ]

    static let adjectives: [String] = [
        "Velvet", "Silver", "Midnight", "Electric", "Crimson", "Hollow", "Golden", "Neon", "Wild",
        "Quiet", "Broken", "Northern", "Paper", "Iron", "Lunar", "Amber", "Static", "Glass",
        "Scarlet", "Distant", "Copper", "Restless", "Faded", "Burning", "Secret", "Blue", "Frozen",
        "Painted", "Silent", "Hidden", "Lost", "Sunlit",
    ]

    static let pluralNouns: [String] = [
        "Foxes", "Engines", "Lanterns", "Ravens", "Tides", "Wolves", "Satellites", "Horizons",
        "Echoes", "Pilots", "Sparrows", "Rivers", "Machines", "Comets", "Shadows", "Giants",
        "Strangers", "Drifters", "Owls", "Mirrors",
    ]

    static let nouns: [String] = [
        "Harbor", "Orchard", "Signal", "Avenue", "Canyon", "Mirror", "Garden", "Circuit", "Meridian",
        "Valley", "Ember", "Arcade", "Lighthouse", "River", "Station", "Horizon", "Desert", "Ocean",
        "Window", "Mountain", "City", "Heart", "Storm", "Summer", "Winter", "Morning", "Highway",
        "Fire", "Moon", "Street", "Room", "Island",
    ]

    static let gerunds: [String] = [
        "Chasing", "Holding", "Dancing", "Running", "Falling", "Waiting", "Dreaming", "Burning",
        "Calling", "Leaving", "Drifting", "Singing", "Breaking", "Finding", "Walking", "Crossing",
    ]

    static let prepositions: [String] = ["Under", "Through", "Beyond", "Across", "Into", "Along", "Above", "Without"]

    static let musicalKeys: [String] = [
        "C Major", "D Minor", "E-flat Major", "F Major", "G Minor", "A Major", "B-flat Major", "C-sharp Minor",
    ]

    static let classicalForms: [String] = ["Sonata", "Nocturne", "Prelude", "Étude", "Concerto", "Symphony", "Suite"]

    static let movements: [String] = ["Allegro", "Adagio", "Andante", "Presto", "Largo", "Scherzo", "Rondo", "Finale"]

    static let ensembleSuffixes: [String] = ["Trio", "Quartet", "Ensemble", "Orchestra", "Collective", "Band"]

    static let companySuffixes: [String] = ["Records", "Media", "Studios", "Sound Lab", "Events", "Broadcasting"]

    static let playlistNames: [(name: String, genres: [String])] = [
        ("Workout Mix", ["Rock", "Metal", "Electronic", "Hip Hop", "Pop"]),
        ("Late Night Jazz", ["Jazz", "Blues", "Soul"]),
        ("Road Trip", ["Rock", "Country", "Alternative", "Folk", "Pop"]),
        ("Deep Focus", ["Classical", "Electronic", "Soundtrack"]),
        ("Party Starters", ["Pop", "Hip Hop", "Latin", "Electronic", "Reggae"]),
        ("Rainy Day", ["Folk", "Alternative", "Soul", "Blues"]),
        ("Classical Essentials", ["Classical"]),
        ("Movie Moments", ["Soundtrack"]),
        ("Heavy Rotation", []),
        ("Sunday Morning", ["Jazz", "Folk", "Soul", "Classical"]),
        ("Summer Vibes", ["Reggae", "Latin", "Pop"]),
        ("Staff Picks", []),
    ]

    /// Customer and artist locations: a city and its country.
    static let cities: [(city: String, country: String)] = [
        ("New York", "USA"), ("Chicago", "USA"), ("Austin", "USA"), ("Seattle", "USA"), ("Boston", "USA"),
        ("Toronto", "Canada"), ("Vancouver", "Canada"), ("Montreal", "Canada"),
        ("London", "United Kingdom"), ("Manchester", "United Kingdom"), ("Edinburgh", "United Kingdom"),
        ("Berlin", "Germany"), ("Hamburg", "Germany"), ("Munich", "Germany"),
        ("Paris", "France"), ("Lyon", "France"),
        ("Lisbon", "Portugal"), ("Porto", "Portugal"),
        ("Madrid", "Spain"), ("Barcelona", "Spain"),
        ("Rome", "Italy"), ("Milan", "Italy"),
        ("Amsterdam", "Netherlands"), ("Stockholm", "Sweden"), ("Oslo", "Norway"),
        ("Copenhagen", "Denmark"), ("Dublin", "Ireland"), ("Prague", "Czech Republic"),
        ("Warsaw", "Poland"), ("Vienna", "Austria"), ("Helsinki", "Finland"),
        ("São Paulo", "Brazil"), ("Rio de Janeiro", "Brazil"), ("Buenos Aires", "Argentina"),
        ("Santiago", "Chile"), ("Mexico City", "Mexico"), ("Tokyo", "Japan"),
        ("Sydney", "Australia"), ("Melbourne", "Australia"), ("Bangalore", "India"),
    ]

    /// The store's own office, where every employee works.
    static let office = (city: "Toronto", country: "Canada")

    /// The email domain of the store's employees.
    static let staffDomain = "harmonyhall.example"

    /// Email domains of customers.
    static let customerDomains: [String] = ["mail.example", "inbox.example", "post.example", "web.example"]
}
