extension SampleDatabase {
    /// Questions about the music store, each with one read-only SQLite `SELECT` that answers it.
    ///
    /// Every query is deterministic (`ORDER BY` with tie-breakers) and returns a short, readable
    /// result on a database made by ``createMusicStore(at:seed:)``; money is rounded to cents.
    public static let musicStoreVerifiedQueries: [VerifiedQuery] = [
        VerifiedQuery(
            question: "Which 5 artists have sold the most tracks?",
            sql: """
                SELECT ar.name AS artist, SUM(il.quantity) AS tracks_sold
                FROM invoice_lines AS il
                JOIN tracks AS t ON t.track_id = il.track_id
                JOIN albums AS al ON al.album_id = t.album_id
                JOIN artists AS ar ON ar.artist_id = al.artist_id
                GROUP BY ar.artist_id, ar.name
                ORDER BY tracks_sold DESC, artist
                LIMIT 5
                """,
            paraphrases: [
                "Top 5 best-selling artists",
                "Who are the best selling artists by number of tracks sold?",
                "Show the five most popular artists by sales",
            ],
            tables: ["invoice_lines", "tracks", "albums", "artists"]),
        VerifiedQuery(
            question: "What is the total revenue per country?",
            sql: """
                SELECT billing_country AS country, COUNT(*) AS invoices, ROUND(SUM(total), 2) AS revenue
                FROM invoices
                GROUP BY billing_country
                ORDER BY revenue DESC, country
                """,
            paraphrases: [
                "Sales by country",
                "How much money did we make in each country?",
                "Revenue broken down by billing country",
            ],
            tables: ["invoices"]),
        VerifiedQuery(
            question: "How many customers does each employee support?",
            sql: """
                SELECT e.first_name || ' ' || e.last_name AS employee, e.title, COUNT(c.customer_id) AS customers
                FROM employees AS e
                LEFT JOIN customers AS c ON c.support_rep_id = e.employee_id
                GROUP BY e.employee_id, e.first_name, e.last_name, e.title
                ORDER BY customers DESC, employee
                """,
            paraphrases: [
                "Number of customers per support rep",
                "How many customers is each sales support agent responsible for?",
                "Customer count by employee",
            ],
            tables: ["employees", "customers"]),
        VerifiedQuery(
            question: "Which genre has the longest average track length?",
            sql: """
                SELECT g.name AS genre, ROUND(AVG(t.milliseconds) / 60000.0, 2) AS average_minutes, COUNT(*) AS tracks
                FROM tracks AS t
                JOIN genres AS g ON g.genre_id = t.genre_id
                GROUP BY g.genre_id, g.name
                ORDER BY AVG(t.milliseconds) DESC, genre
                LIMIT 1
                """,
            paraphrases: [
                "What genre has the longest songs on average?",
                "Genre with the highest average track duration",
            ],
            tables: ["tracks", "genres"]),
        VerifiedQuery(
            question: "What were the monthly sales in 2024?",
            sql: """
                SELECT substr(invoice_date, 1, 7) AS month, COUNT(*) AS invoices, ROUND(SUM(total), 2) AS revenue
                FROM invoices
                WHERE invoice_date >= '2024-01-01' AND invoice_date < '2025-01-01'
                GROUP BY substr(invoice_date, 1, 7)
                ORDER BY month
                """,
            paraphrases: [
                "Revenue by month for 2024",
                "Show 2024 sales month by month",
                "How much did we sell each month in 2024?",
            ],
            tables: ["invoices"]),
        VerifiedQuery(
            question: "Who are the top 10 customers by total spending?",
            sql: """
                SELECT c.first_name || ' ' || c.last_name AS customer, c.country,
                       COUNT(i.invoice_id) AS invoices, ROUND(SUM(i.total), 2) AS total_spent
                FROM customers AS c
                JOIN invoices AS i ON i.customer_id = c.customer_id
                GROUP BY c.customer_id, c.first_name, c.last_name, c.country
                ORDER BY total_spent DESC, customer
                LIMIT 10
                """,
            paraphrases: [
                "Top 10 customers by spending",
                "Which customers spent the most money?",
                "Best customers by revenue",
            ],
            tables: ["customers", "invoices"]),
        VerifiedQuery(
            question: "What are the 10 best-selling tracks?",
            sql: """
                SELECT t.name AS track, ar.name AS artist, SUM(il.quantity) AS copies_sold
                FROM invoice_lines AS il
                JOIN tracks AS t ON t.track_id = il.track_id
                JOIN albums AS al ON al.album_id = t.album_id
                JOIN artists AS ar ON ar.artist_id = al.artist_id
                GROUP BY t.track_id, t.name, ar.name
                ORDER BY copies_sold DESC, track, artist
                LIMIT 10
                """,
            paraphrases: [
                "Most popular songs",
                "Which tracks were bought most often?",
                "Top 10 songs by sales",
            ],
            tables: ["invoice_lines", "tracks", "albums", "artists"]),
        VerifiedQuery(
            question: "How many tracks are there in each genre?",
            sql: """
                SELECT g.name AS genre, COUNT(t.track_id) AS tracks
                FROM genres AS g
                LEFT JOIN tracks AS t ON t.genre_id = g.genre_id
                GROUP BY g.genre_id, g.name
                ORDER BY tracks DESC, genre
                """,
            paraphrases: [
                "Number of songs per genre",
                "Track count by genre",
            ],
            tables: ["genres", "tracks"]),
        VerifiedQuery(
            question: "What is the total revenue per year?",
            sql: """
                SELECT substr(invoice_date, 1, 4) AS year, COUNT(*) AS invoices,
                       ROUND(SUM(total), 2) AS revenue, ROUND(AVG(total), 2) AS average_invoice
                FROM invoices
                GROUP BY substr(invoice_date, 1, 4)
                ORDER BY year
                """,
            paraphrases: [
                "Yearly sales",
                "How much revenue did we make each year?",
                "Annual revenue and average invoice total",
            ],
            tables: ["invoices"]),
        VerifiedQuery(
            question: "Which genres bring in the most revenue?",
            sql: """
                SELECT g.name AS genre, SUM(il.quantity) AS tracks_sold,
                       ROUND(SUM(il.unit_price * il.quantity), 2) AS revenue
                FROM invoice_lines AS il
                JOIN tracks AS t ON t.track_id = il.track_id
                JOIN genres AS g ON g.genre_id = t.genre_id
                GROUP BY g.genre_id, g.name
                ORDER BY revenue DESC, genre
                LIMIT 10
                """,
            paraphrases: [
                "Revenue by genre",
                "What are the best-selling genres?",
                "Top genres by sales",
            ],
            tables: ["invoice_lines", "tracks", "genres"]),
        VerifiedQuery(
            question: "How many tracks were sold in each media type?",
            sql: """
                SELECT m.name AS media_type, SUM(il.quantity) AS tracks_sold,
                       ROUND(SUM(il.unit_price * il.quantity), 2) AS revenue
                FROM invoice_lines AS il
                JOIN tracks AS t ON t.track_id = il.track_id
                JOIN media_types AS m ON m.media_type_id = t.media_type_id
                GROUP BY m.media_type_id, m.name
                ORDER BY tracks_sold DESC, media_type
                """,
            paraphrases: [
                "Sales by file format",
                "Which media types are most popular?",
            ],
            tables: ["invoice_lines", "tracks", "media_types"]),
        VerifiedQuery(
            question: "How many customers are there in each country?",
            sql: """
                SELECT country, COUNT(*) AS customers
                FROM customers
                GROUP BY country
                ORDER BY customers DESC, country
                """,
            paraphrases: [
                "Customer count by country",
                "Where do our customers live?",
                "Number of customers per country",
            ],
            tables: ["customers"]),
        VerifiedQuery(
            question: "Which playlists have the most tracks, and how long are they?",
            sql: """
                SELECT p.name AS playlist, COUNT(pt.track_id) AS tracks,
                       ROUND(SUM(t.milliseconds) / 3600000.0, 2) AS hours
                FROM playlists AS p
                JOIN playlist_tracks AS pt ON pt.playlist_id = p.playlist_id
                JOIN tracks AS t ON t.track_id = pt.track_id
                GROUP BY p.playlist_id, p.name
                ORDER BY tracks DESC, playlist
                """,
            paraphrases: [
                "Playlist sizes",
                "How many songs are in each playlist?",
                "Total length of every playlist",
            ],
            tables: ["playlists", "playlist_tracks", "tracks"]),
        VerifiedQuery(
            question: "Who does each employee report to?",
            sql: """
                SELECT e.first_name || ' ' || e.last_name AS employee, e.title,
                       m.first_name || ' ' || m.last_name AS manager
                FROM employees AS e
                LEFT JOIN employees AS m ON m.employee_id = e.reports_to
                ORDER BY e.employee_id
                """,
            paraphrases: [
                "Show the org chart",
                "List employees with their managers",
                "Who is everyone's manager?",
            ],
            tables: ["employees"]),
        VerifiedQuery(
            question: "Which sales support agent generated the most revenue?",
            sql: """
                SELECT e.first_name || ' ' || e.last_name AS employee, COUNT(i.invoice_id) AS invoices,
                       ROUND(SUM(i.total), 2) AS revenue
                FROM employees AS e
                JOIN customers AS c ON c.support_rep_id = e.employee_id
                JOIN invoices AS i ON i.customer_id = c.customer_id
                GROUP BY e.employee_id, e.first_name, e.last_name
                ORDER BY revenue DESC, employee
                """,
            paraphrases: [
                "Sales per support rep",
                "Revenue by employee",
                "Which employee's customers spent the most?",
            ],
            tables: ["employees", "customers", "invoices"]),
        VerifiedQuery(
            question: "Which artists have released the most albums?",
            sql: """
                SELECT ar.name AS artist, COUNT(al.album_id) AS albums,
                       MIN(al.release_year) AS first_release, MAX(al.release_year) AS latest_release
                FROM artists AS ar
                JOIN albums AS al ON al.artist_id = ar.artist_id
                GROUP BY ar.artist_id, ar.name
                ORDER BY albums DESC, artist
                LIMIT 10
                """,
            paraphrases: [
                "Artists with the most albums",
                "Album count per artist",
            ],
            tables: ["artists", "albums"]),
        VerifiedQuery(
            question: "What is the average invoice total?",
            sql: """
                SELECT COUNT(*) AS invoices, ROUND(AVG(total), 2) AS average_total,
                       ROUND(MIN(total), 2) AS smallest, ROUND(MAX(total), 2) AS largest
                FROM invoices
                """,
            paraphrases: [
                "Average order value",
                "How much does a typical purchase cost?",
            ],
            tables: ["invoices"]),
        VerifiedQuery(
            question: "Which 10 customers have gone the longest without buying anything?",
            sql: """
                SELECT c.first_name || ' ' || c.last_name AS customer, c.email, MAX(i.invoice_date) AS last_purchase
                FROM customers AS c
                JOIN invoices AS i ON i.customer_id = c.customer_id
                GROUP BY c.customer_id, c.first_name, c.last_name, c.email
                ORDER BY last_purchase, customer
                LIMIT 10
                """,
            paraphrases: [
                "Customers who stopped buying",
                "Which customers have the oldest last purchase?",
                "Least recently active customers",
            ],
            tables: ["customers", "invoices"]),
        VerifiedQuery(
            question: "What share of total revenue does each genre bring in?",
            sql: """
                WITH genre_revenue AS (
                    SELECT g.name AS genre, SUM(il.unit_price * il.quantity) AS revenue
                    FROM invoice_lines AS il
                    JOIN tracks AS t ON t.track_id = il.track_id
                    JOIN genres AS g ON g.genre_id = t.genre_id
                    GROUP BY g.genre_id, g.name
                )
                SELECT genre, ROUND(revenue, 2) AS revenue,
                       ROUND(100.0 * revenue / (SELECT SUM(revenue) FROM genre_revenue), 1) AS percent_of_total
                FROM genre_revenue
                ORDER BY revenue DESC, genre
                """,
            paraphrases: [
                "Percentage of sales by genre",
                "What fraction of revenue comes from each genre?",
            ],
            tables: ["invoice_lines", "tracks", "genres"]),
        VerifiedQuery(
            question: "How did revenue change from one year to the next?",
            sql: """
                WITH yearly AS (
                    SELECT substr(invoice_date, 1, 4) AS year, SUM(total) AS revenue
                    FROM invoices
                    GROUP BY substr(invoice_date, 1, 4)
                )
                SELECT year, ROUND(revenue, 2) AS revenue,
                       ROUND(100.0 * (revenue - LAG(revenue) OVER (ORDER BY year)) / LAG(revenue) OVER (ORDER BY year), 1)
                           AS growth_percent
                FROM yearly
                ORDER BY year
                """,
            paraphrases: [
                "Year over year revenue growth",
                "Annual sales growth rate",
            ],
            tables: ["invoices"]),
    ]
}
