/// The frame around every console page: the navigation, the stylesheet and the script.
enum PageLayout {
    /// A whole HTML document; `content` is already-escaped HTML.
    static func page(title: String, content: String, live: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · switchboard</title>
        <link rel="stylesheet" href="/assets/console.css">
        <script src="/assets/console.js" defer></script>
        </head>
        <body>
        <header><span class="brand">switchboard</span>
        <nav><a href="/">Workflows</a><a href="/ask">Ask</a><a href="/agents">Agents</a></nav>
        \(live ? "<span id=\"live-status\">connecting…</span>" : "")
        </header>
        <main>
        \(content)
        </main>
        </body>
        </html>
        """
    }

    /// A page that says what went wrong.
    static func errorPage(_ error: ConsoleError) -> String {
        page(title: "Error", content: "<h1>Error \(error.status)</h1><p class=\"error\">\(HTML.escape(error.message))</p>")
    }
}
