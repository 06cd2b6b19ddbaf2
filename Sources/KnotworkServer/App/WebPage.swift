import Foundation
import KnotworkCore

/// The web app's one page and its script, made once at start, and the accounts screens and their
/// script, which only a server with accounts loads. The page is filled in from the catalog: every
/// word from the phrase file (`{{ui.…}}`, and as JSON the phrases the script asks for), the tools
/// to choose from, and the body map; the accounts screens the same way, and their script carries
/// its own phrases. A language is a phrase file; neither the markup nor the scripts have words of
/// their own.
enum WebPage {
    /// - Parameters:
    ///   - template: `index.html` with its placeholders.
    ///   - script: `app.js`, whose `"ui.…"` keys are the phrases the page carries for it.
    static func render(_ template: String, script: String, catalog: Catalog) -> String {
        fill(
            template.replacingOccurrences(of: "{{ui-phrases}}", with: scriptPhrases(catalog, keys: phraseKeys(in: script))),
            catalog: catalog)
    }

    /// Markup with its placeholders filled from the catalog: the page, or the accounts screens
    /// (`accounts.html`) that accounts.js puts in it.
    static func fill(_ template: String, catalog: Catalog) -> String {
        var page =
            template
            .replacingOccurrences(of: "{{body-map}}", with: BodyMapRenderer(catalog: catalog).html())
            .replacingOccurrences(of: "{{tool-choices}}", with: toolChoices(catalog))
            .replacingOccurrences(of: "{{minutes-min}}", with: String(PlanRequest.minutesRange.lowerBound))
            .replacingOccurrences(of: "{{minutes-default}}", with: String(PlanRequest.defaultMinutes))
        for key in catalog.phrases.templates.keys where key.hasPrefix("ui.") {
            page = page.replacingOccurrences(of: "{{\(key)}}", with: Markup.escaped(catalog.phrases.render(key)))
        }
        return page
    }

    /// A checkbox for each tool of the catalog; the planner's default tools are ticked.
    private static func toolChoices(_ catalog: Catalog) -> String {
        catalog.tools.map { tool in
            let checked = PlanRequest.defaultTools.contains(tool.id) ? " checked" : ""
            return
                "      <label><input type=\"checkbox\" name=\"tool\" value=\"\(Markup.escaped(tool.id))\"\(checked)> \(Markup.escaped(tool.name))</label>"
        }.joined(separator: "\n")
    }

    /// The phrase keys a script names (`"ui.live.next"`).
    static func phraseKeys(in script: String) -> Set<String> {
        Set(script.matches(of: /"(ui\.[a-z0-9.-]+)"/).map { String($0.1) })
    }

    /// The script as served: without its comment lines and indentation, which only its readers
    /// need (a sixth of its bytes). The script has no multi-line strings, so every line stands alone.
    static func servedScript(_ script: String) -> String {
        script.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line -> Substring? in
            let code = line.drop { $0 == " " }
            return code.hasPrefix("//") ? nil : code
        }.joined(separator: "\n") + "\n"
    }

    /// A script loaded after the page (`accounts.js`) as served: first the phrases it names, added
    /// to the page's, so that they come only with it.
    static func servedScript(_ script: String, phrasesFrom catalog: Catalog) -> String {
        "Object.assign(PHRASES, \(scriptPhrases(catalog, keys: phraseKeys(in: script))));\n" + servedScript(script)
    }

    /// The phrases the script names, as a JSON object safe inside a `<script>` element.
    private static func scriptPhrases(_ catalog: Catalog, keys: Set<String>) -> String {
        let phrases = catalog.phrases.templates.filter { keys.contains($0.key) }.mapValues(\.text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(phrases)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}
