import GRDB

/// Generates the rows of the music-store sample database from a seed.
///
/// Everything is derived from one ``SampleRandom`` sequence and iterated in array order (never
/// over a dictionary or set), so the same seed always produces the same rows.
struct MusicStoreGenerator: Sendable {
    private typealias Words = MusicStoreWords

    private struct Artist {
        let id: Int
        let genreIndex: Int
        let popularity: Int
        let formedYear: Int
        var albumIDs: [Int] = []
    }

    private struct Album {
        let id: Int
        let releaseYear: Int
        var trackIDs: [Int] = []
    }

    private struct Track {
        let id: Int
        let genreIndex: Int
        let priceCents: Int
    }

    private struct PendingInvoice {
        let day: Int
        let customerID: Int
        let sequence: Int
    }

    private var random: SampleRandom

    private var artists: [Artist] = []
    private var albums: [Album] = []
    private var tracks: [Track] = []
    private var customerLocations: [(city: String, country: String, createdDay: Int)] = []

    /// The first and last day with sales (2022-01-01 … 2024-12-31).
    private let firstSalesDay = SampleCalendar.dayNumber(year: 2022, month: 1, day: 1)
    private let lastSalesDay = SampleCalendar.dayNumber(year: 2024, month: 12, day: 31)

    /// The ids of the sales support agents, who look after the customers.
    private let supportAgentIDs = [4, 5, 6, 7]

    /// Prepares a generator for `seed`.
    init(seed: UInt64) {
        self.random = SampleRandom(seed: seed)
    }

    /// All tables' rows, in ``MusicStoreSchema/tableNames`` order.
    mutating func generate() -> [SampleTableRows] {
        let genres = makeGenres()
        let mediaTypes = makeMediaTypes()
        let artistRows = makeArtists()
        let (albumRows, trackRows) = makeAlbumsAndTracks()
        let employees = makeEmployees()
        let customers = makeCustomers()
        let (invoices, lines) = makeInvoices()
        let (playlists, playlistTracks) = makePlaylists()
        return [
            genres, mediaTypes, artistRows, albumRows, trackRows, employees,
            customers, invoices, lines, playlists, playlistTracks,
        ]
    }

    // MARK: - Catalogue

    private func makeGenres() -> SampleTableRows {
        var rows = SampleTableRows(table: "genres", columns: ["genre_id", "name"])
        for (index, genre) in Words.genres.enumerated() {
            rows.append(index + 1, genre.name)
        }
        return rows
    }

    private func makeMediaTypes() -> SampleTableRows {
        var rows = SampleTableRows(table: "media_types", columns: ["media_type_id", "name"])
        for (index, mediaType) in Words.mediaTypes.enumerated() {
            rows.append(index + 1, mediaType.name)
        }
        return rows
    }

    private mutating func makeArtists() -> SampleTableRows {
        var rows = SampleTableRows(table: "artists", columns: ["artist_id", "name", "country", "formed_year"])
        var usedNames: Set<String> = []
        let genreWeights = Words.genres.map(\.weight)
        for id in 1...60 {
            let genreIndex = random.weightedIndex(genreWeights)
            var name = artistName(genre: Words.genres[genreIndex].name)
            var attempts = 0
            while usedNames.contains(name) {
                attempts += 1
                name = attempts < 20 ? artistName(genre: Words.genres[genreIndex].name) : "\(name) \(id)"
            }
            usedNames.insert(name)
            let country = random.pick(Words.cities).country
            let formedYear = random.int(in: 1965...2019)
            // Skewed: most artists sell a little, a few sell a lot.
            let spread = random.int(in: 1...100)
            let popularity = spread * spread / 100 + 1
            artists.append(Artist(id: id, genreIndex: genreIndex, popularity: popularity, formedYear: formedYear))
            rows.append(id, name, country, formedYear)
        }
        return rows
    }

    private mutating func artistName(genre: String) -> String {
        let person = "\(random.pick(Words.firstNames)) \(random.pick(Words.lastNames))"
        if genre == "Classical" || genre == "Jazz" || genre == "Soundtrack" {
            return random.chance(percent: 50) ? "\(person) \(random.pick(Words.ensembleSuffixes))" : person
        }
        switch random.int(in: 0...3) {
        case 0: return "The \(random.pick(Words.adjectives)) \(random.pick(Words.pluralNouns))"
        case 1: return "\(random.pick(Words.adjectives)) \(random.pick(Words.nouns))"
        case 2: return "\(random.pick(Words.nouns)) \(random.pick(Words.pluralNouns))"
        default: return person
        }
    }

    private mutating func makeAlbumsAndTracks() -> (SampleTableRows, SampleTableRows) {
        var albumRows = SampleTableRows(table: "albums", columns: ["album_id", "title", "artist_id", "release_year"])
        var trackRows = SampleTableRows(
            table: "tracks",
            columns: ["track_id", "name", "album_id", "genre_id", "media_type_id", "track_number", "composer",
                      "milliseconds", "bytes", "unit_price"])
        let mediaWeights = Words.mediaTypes.map(\.weight)
        for artistIndex in artists.indices {
            let artist = artists[artistIndex]
            let genre = Words.genres[artist.genreIndex]
            let composers = (0..<random.int(in: 1...3)).map { _ in
                "\(random.pick(Words.firstNames)) \(random.pick(Words.lastNames))"
            }
            let formedYear = artist.formedYear
            let albumCount = 1 + random.weightedIndex([20, 30, 25, 15, 10])
            var releaseYear = random.int(in: formedYear...min(2024, formedYear + 8))
            for _ in 0..<albumCount {
                let albumID = albums.count + 1
                albumRows.append(albumID, albumTitle(), artist.id, releaseYear)
                artists[artistIndex].albumIDs.append(albumID)
                var album = Album(id: albumID, releaseYear: releaseYear)
                releaseYear = min(2024, releaseYear + random.int(in: 1...5))
                let albumGenreIndex = random.chance(percent: 85) ? artist.genreIndex : random.int(in: 0...(Words.genres.count - 1))
                let mediaIndex = random.weightedIndex(mediaWeights)
                let mediaType = Words.mediaTypes[mediaIndex]
                let trackCount = genre.name == "Classical" ? random.int(in: 4...10) : random.int(in: 6...16)
                for trackNumber in 1...trackCount {
                    let trackID = tracks.count + 1
                    let genreIndex = random.chance(percent: 95) ? albumGenreIndex : random.int(in: 0...(Words.genres.count - 1))
                    let trackGenre = Words.genres[genreIndex]
                    let milliseconds = random.int(in: trackGenre.seconds) * 1000 + random.int(in: 0...999)
                    let bytes = milliseconds / 1000 * mediaType.bytesPerSecond + random.int(in: 0...65_535)
                    let priceCents = mediaType.isLossless ? 149 : (random.chance(percent: 15) ? 129 : 99)
                    let composer: String? = random.chance(percent: 70) ? random.pick(composers) : nil
                    trackRows.append(
                        trackID, trackName(genre: trackGenre.name), albumID, genreIndex + 1, mediaIndex + 1,
                        trackNumber, composer, milliseconds, bytes, Double(priceCents) / 100)
                    tracks.append(Track(id: trackID, genreIndex: genreIndex, priceCents: priceCents))
                    album.trackIDs.append(trackID)
                }
                albums.append(album)
            }
        }
        return (albumRows, trackRows)
    }

    private mutating func albumTitle() -> String {
        switch random.int(in: 0...6) {
        case 0: return "\(random.pick(Words.adjectives)) \(random.pick(Words.nouns))"
        case 1: return "The \(random.pick(Words.nouns)) Sessions"
        case 2: return "Songs from the \(random.pick(Words.nouns))"
        case 3: return "Live in \(random.pick(Words.cities).city)"
        case 4: return "\(random.pick(Words.gerunds)) \(random.pick(Words.adjectives)) \(random.pick(Words.pluralNouns))"
        case 5: return "\(random.pick(Words.nouns)) and \(random.pick(Words.nouns))"
        default: return "\(random.pick(Words.adjectives)) \(random.pick(Words.pluralNouns))"
        }
    }

    private mutating func trackName(genre: String) -> String {
        if genre == "Classical" {
            let form = random.pick(Words.classicalForms)
            let number = random.int(in: 1...24)
            if random.chance(percent: 50) {
                return "\(form) No. \(number) in \(random.pick(Words.musicalKeys))"
            }
            return "\(form) No. \(number): \(random.pick(Words.movements))"
        }
        switch random.int(in: 0...5) {
        case 0: return "\(random.pick(Words.gerunds)) \(random.pick(Words.prepositions)) the \(random.pick(Words.nouns))"
        case 1: return "\(random.pick(Words.adjectives)) \(random.pick(Words.nouns))"
        case 2: return "The \(random.pick(Words.nouns)) Song"
        case 3: return "\(random.pick(Words.adjectives)) \(random.pick(Words.pluralNouns))"
        case 4: return "\(random.pick(Words.gerunds)) \(random.pick(Words.pluralNouns))"
        default: return random.pick(Words.nouns)
        }
    }

    // MARK: - People

    private mutating func makeEmployees() -> SampleTableRows {
        var rows = SampleTableRows(
            table: "employees",
            columns: ["employee_id", "first_name", "last_name", "title", "reports_to", "birth_date", "hire_date",
                      "email", "phone", "city", "country"])
        let staff: [(title: String, reportsTo: Int?)] = [
            ("General Manager", nil), ("Sales Manager", 1), ("IT Manager", 1),
            ("Sales Support Agent", 2), ("Sales Support Agent", 2), ("Sales Support Agent", 2),
            ("Sales Support Agent", 2), ("IT Staff", 3),
        ]
        var usedNames: Set<String> = []
        for (index, member) in staff.enumerated() {
            var first = random.pick(Words.firstNames)
            var last = random.pick(Words.lastNames)
            while usedNames.contains("\(first) \(last)") {
                first = random.pick(Words.firstNames)
                last = random.pick(Words.lastNames)
            }
            usedNames.insert("\(first) \(last)")
            let birth = SampleCalendar.dayNumber(year: 1965, month: 1, day: 1) + random.int(in: 0...(33 * 365))
            let hire = SampleCalendar.dayNumber(year: 2015 + index / 3, month: 1, day: 1) + random.int(in: 0...364)
            let email = "\(first.lowercased()).\(last.lowercased())@\(Words.staffDomain)"
            let phone = "+1 416 555 \(1000 + index * 37 + random.int(in: 0...30))"
            rows.append(
                index + 1, first, last, member.title, member.reportsTo, SampleCalendar.isoDate(birth),
                SampleCalendar.isoDate(hire), email, phone, Words.office.city, Words.office.country)
        }
        return rows
    }

    private mutating func makeCustomers() -> SampleTableRows {
        var rows = SampleTableRows(
            table: "customers",
            columns: ["customer_id", "first_name", "last_name", "company", "email", "city", "country",
                      "support_rep_id", "created_at"])
        let cityWeights = Words.cities.map { city -> Int in
            switch city.country {
            case "USA": return 6
            case "Canada": return 5
            case "Germany", "United Kingdom", "France", "Brazil": return 4
            default: return 2
            }
        }
        var usedEmails: Set<String> = []
        let firstDay = SampleCalendar.dayNumber(year: 2021, month: 1, day: 1)
        let lastDay = SampleCalendar.dayNumber(year: 2023, month: 12, day: 31)
        for id in 1...120 {
            let first = random.pick(Words.firstNames)
            let last = random.pick(Words.lastNames)
            let company: String? = random.chance(percent: 25) ? "\(random.pick(Words.lastNames)) \(random.pick(Words.companySuffixes))" : nil
            let domain = random.pick(Words.customerDomains)
            var email = "\(first.lowercased()).\(last.lowercased())@\(domain)"
            var suffix = 2
            while usedEmails.contains(email) {
                email = "\(first.lowercased()).\(last.lowercased())\(suffix)@\(domain)"
                suffix += 1
            }
            usedEmails.insert(email)
            let location = Words.cities[random.weightedIndex(cityWeights)]
            let supportRep = supportAgentIDs[random.weightedIndex([35, 30, 20, 15])]
            let created = random.int(in: firstDay...lastDay)
            customerLocations.append((location.city, location.country, created))
            rows.append(
                id, first, last, company, email, location.city, location.country, supportRep,
                SampleCalendar.isoDate(created))
        }
        return rows
    }

    // MARK: - Sales

    private mutating func makeInvoices() -> (SampleTableRows, SampleTableRows) {
        var pending: [PendingInvoice] = []
        for (index, customer) in customerLocations.enumerated() {
            let count = 3 + random.int(in: 0...5) + random.int(in: 0...4)
            let start = max(customer.createdDay, firstSalesDay)
            for sequence in 0..<count {
                pending.append(PendingInvoice(day: salesDay(from: start), customerID: index + 1, sequence: sequence))
            }
        }
        pending.sort { ($0.day, $0.customerID, $0.sequence) < ($1.day, $1.customerID, $1.sequence) }

        var invoiceRows = SampleTableRows(
            table: "invoices",
            columns: ["invoice_id", "customer_id", "invoice_date", "billing_city", "billing_country", "total"])
        var lineRows = SampleTableRows(
            table: "invoice_lines", columns: ["invoice_line_id", "invoice_id", "track_id", "unit_price", "quantity"])
        let popularity = artists.map(\.popularity)
        let lineCounts = [1, 2, 3, 4, 5, 6, 8, 10, 12]
        let lineCountWeights = [22, 18, 14, 12, 10, 8, 7, 5, 4]
        var lineID = 0
        for (index, invoice) in pending.enumerated() {
            let invoiceID = index + 1
            let count = lineCounts[random.weightedIndex(lineCountWeights)]
            var chosen: [Int] = []
            var totalCents = 0
            for _ in 0..<count {
                let year = SampleCalendar.civil(invoice.day).year
                var trackID = pickTrack(popularity: popularity, releasedBy: year)
                var attempts = 0
                while chosen.contains(trackID) && attempts < 5 {
                    trackID = pickTrack(popularity: popularity, releasedBy: year)
                    attempts += 1
                }
                if chosen.contains(trackID) { continue }
                chosen.append(trackID)
                let quantity = random.chance(percent: 8) ? 2 : 1
                let priceCents = tracks[trackID - 1].priceCents
                totalCents += priceCents * quantity
                lineID += 1
                lineRows.append(lineID, invoiceID, trackID, Double(priceCents) / 100, quantity)
            }
            let customer = customerLocations[invoice.customerID - 1]
            invoiceRows.append(
                invoiceID, invoice.customerID, SampleCalendar.isoDate(invoice.day), customer.city, customer.country,
                Double(totalCents) / 100)
        }
        return (invoiceRows, lineRows)
    }

    /// A sales day on or after `start`, with more sales in later years and at the end of each year.
    private mutating func salesDay(from start: Int) -> Int {
        let monthWeights = [8, 7, 8, 8, 9, 9, 10, 9, 8, 9, 11, 14]
        var day = start
        for _ in 0..<1000 {
            day = random.int(in: start...lastSalesDay)
            let date = SampleCalendar.civil(day)
            let yearWeight = 14 + 3 * (date.year - 2022)
            if random.int(in: 0...279) < monthWeights[date.month - 1] * yearWeight { return day }
        }
        return day
    }

    /// A track, chosen by its artist's popularity, then a random album of that artist released
    /// by `year`, then a random track of that album.
    private mutating func pickTrack(popularity: [Int], releasedBy year: Int) -> Int {
        var albumIDs: [Int] = []
        for _ in 0..<50 {
            let artist = artists[random.weightedIndex(popularity)]
            albumIDs = artist.albumIDs.filter { albums[$0 - 1].releaseYear <= year }
            if !albumIDs.isEmpty { break }
        }
        if albumIDs.isEmpty { albumIDs = albums.map(\.id) }
        let album = albums[random.pick(albumIDs) - 1]
        return random.pick(album.trackIDs)
    }

    // MARK: - Playlists

    private mutating func makePlaylists() -> (SampleTableRows, SampleTableRows) {
        var playlistRows = SampleTableRows(table: "playlists", columns: ["playlist_id", "name"])
        var entryRows = SampleTableRows(table: "playlist_tracks", columns: ["playlist_id", "track_id", "position"])
        for (index, playlist) in Words.playlistNames.enumerated() {
            let playlistID = index + 1
            playlistRows.append(playlistID, playlist.name)
            var pool = tracks.filter { playlist.genres.isEmpty || playlist.genres.contains(Words.genres[$0.genreIndex].name) }.map(\.id)
            let count = min(pool.count, random.int(in: 15...60))
            // A partial Fisher-Yates shuffle picks `count` distinct tracks.
            for position in 0..<count {
                let swapIndex = random.int(in: position...(pool.count - 1))
                pool.swapAt(position, swapIndex)
                entryRows.append(playlistID, pool[position], position + 1)
            }
        }
        return (playlistRows, entryRows)
    }
}
