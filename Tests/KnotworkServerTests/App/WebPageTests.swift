import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import Testing

@testable import KnotworkServer

@Suite("The web app's page")
struct WebPageTests {
    @Test("the page carries the body map drawn from the catalog, and no placeholder is left")
    func pageHasTheBodyMap() async throws {
        try await withServer { client, _ in
            let page = try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(!page.contains("{{"), "a placeholder is left in the page")
            #expect(page.contains(BodyMapRenderer(catalog: try Catalog.bundled()).html()))
            #expect(page.contains("data-region=\"buttock\" data-side=\"left\""))
            // The words are the phrase file's: the page's title and the script's phrases.
            #expect(page.contains("<h2 id=\"t-where\">Where does it hurt?</h2>"))
            #expect(page.contains("\"ui.live.now\":\"Now: {cue}\""))
            // Only the phrases the script asks for: the page's own words are in its markup.
            #expect(!page.contains("\"ui.where.title\""))
            // The tools are the catalog's, the planner's defaults ticked.
            #expect(page.contains("value=\"foam-roller\" checked> Foam roller"))
            #expect(page.contains("value=\"lacrosse-ball\" checked> Lacrosse ball"))
            #expect(page.contains("value=\"tennis-ball\"> Tennis ball"))
            // The minutes start where the planner's do.
            #expect(page.contains("<input id=\"minutes\" type=\"range\" min=\"3\" max=\"30\" value=\"10\">"))
        }
    }

    @Test("the page's words come from the phrase file, escaped; the script's phrases cannot end their element")
    func wordsFromPhrases() throws {
        var files = Catalog.bundledFiles()
        let data = try #require(files["phrases.en.json"])
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var phrases = try #require(object["phrases"] as? [String: Any])
        phrases["ui.where.title"] = "Wo tut es weh? <b>&</b>"
        phrases["ui.live.now"] = "Jetzt: {cue} </script><script>alert(1)</script>"
        object["phrases"] = phrases
        files["phrases.en.json"] = try JSONSerialization.data(withJSONObject: object)
        let catalog = try Catalog.decode(files: files)
        let page = WebPage.render(String(decoding: PackageResources.index_html, as: UTF8.self), script: WebRoutes.script, catalog: catalog)
        #expect(page.contains("<h2 id=\"t-where\">Wo tut es weh? &lt;b&gt;&amp;&lt;/b&gt;</h2>"))
        #expect(page.contains("Jetzt: {cue} \\u003c/script>\\u003cscript>alert(1)\\u003c/script>"))
        #expect(page.components(separatedBy: "</script>").count == 3, "only the page's own two scripts end")
        #expect(!page.contains("{{"))
    }

    /// Every phrase the page, the accounts screens and their scripts ask for is in the phrase file,
    /// and every `ui.` phrase there is used: the words live in one place, with nothing missing and
    /// nothing dead.
    @Test("the page, the accounts screens and the scripts use exactly the ui phrases the phrase file has")
    func phraseKeysMatch() throws {
        let scripts = [PackageResources.app_js, PackageResources.accounts_js].map { String(decoding: $0, as: UTF8.self) }
        let pages = [PackageResources.index_html, PackageResources.accounts_html].map { String(decoding: $0, as: UTF8.self) }
        let mapAndSides = ["ui.map.target", "ui.map.left", "ui.map.right"] // written by the body map's renderer
        var used = Set(mapAndSides)
        for script in scripts {
            for match in script.matches(of: /"(ui\.[a-z0-9.-]+)"/) { used.insert(String(match.1)) }
        }
        for page in pages {
            for match in page.matches(of: /\{\{(ui\.[a-z0-9.-]+)\}\}/) { used.insert(String(match.1)) }
        }
        let known = Set(try Catalog.bundled().phrases.templates.keys.filter { $0.hasPrefix("ui.") })
        #expect(used.subtracting(known).sorted() == [], "asked for but not in phrases.en.json")
        #expect(known.subtracting(used).sorted() == [], "in phrases.en.json but never used")
    }

    @Test("the script is served without its comment lines and indentation, and nothing else changes")
    func servedScript() async throws {
        try await withServer { client, _ in
            let served = try await client.execute(uri: "/app.js", method: .get) { String(buffer: $0.body) }
            #expect(served == WebPage.servedScript(WebRoutes.script))
            let code = WebRoutes.script.split(separator: "\n").map { $0.drop { $0 == " " } }.filter { !$0.isEmpty && !$0.hasPrefix("//") }
            #expect(served.split(separator: "\n").map { Substring($0) } == code)
            #expect(served.utf8.count < WebRoutes.script.utf8.count * 5 / 6)
        }
    }

    /// One person's server never shows the accounts screens, so its page carries none of them:
    /// not their markup, not their script, not their words. A server with accounts loads them after
    /// the page: the screens filled from the phrase file, the script with its phrases in front.
    @Test("the accounts screens, their script and their phrases are not in the page, and are served apart")
    func accountsApart() async throws {
        try await withServer { client, _ in
            let page = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(!page.contains("screen-sign-in"))
            #expect(!page.contains("today-card"))
            #expect(!page.contains("\"ui.account.required\""))
            #expect(!page.contains("accounts.js"), "the page names only app.js; app.js loads accounts.js when the server has accounts")
            let served = try await client.execute(uri: "/app.js", method: .get) { String(buffer: $0.body) }
            #expect(!served.contains("function showSignIn"))

            let screens = try await client.execute(uri: "/accounts.html", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(!screens.contains("{{"), "a placeholder is left in the accounts screens")
            #expect(screens.contains("<h2 id=\"t-sign-in\" tabindex=\"-1\">Sign in</h2>"))
            #expect(screens.contains("id=\"today-card\""))
            #expect(screens.contains("min=\"3\" max=\"30\" value=\"10\""), "the prescribed minutes start where the planner's do")

            let script = try await client.execute(uri: "/accounts.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(script == WebPage.servedScript(WebRoutes.accountsScript, phrasesFrom: try Catalog.bundled()))
            let lines = script.split(separator: "\n")
            #expect(lines.first?.hasPrefix("Object.assign(PHRASES, {\"ui.") == true)
            #expect(lines.first?.contains("\"ui.account.required\":\"Fill this in.\"") == true)
            #expect(Array(lines.dropFirst()) == WebPage.servedScript(WebRoutes.accountsScript).split(separator: "\n"))
            #expect(!lines.contains { $0.hasPrefix("//") })

            let styles = try await client.execute(uri: "/accounts.css", method: .get) { String(buffer: $0.body) }
            #expect(styles.contains(".form label"))
        }
    }
}
