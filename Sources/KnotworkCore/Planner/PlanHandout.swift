import Foundation

/// A plan on one printed page, as a physiotherapist hands it over: each step's drawing, heading,
/// side, time and set-up, the plan's notes, and the signs that stop a step. A standalone HTML
/// document (no scripts, no outside files: each drawing is an image in the page itself), laid
/// out for A4 and US Letter when printed.
public struct PlanHandout: Sendable {
    public let plan: Plan
    public let catalog: Catalog

    public init(plan: Plan, catalog: Catalog) {
        self.plan = plan
        self.catalog = catalog
    }

    public func html() -> String {
        let renderer = DrawingRenderer(catalog: catalog)
        let sheet = PlanSheet(plan: plan, catalog: catalog)
        var steps = ""
        for item in sheet.items {
            let step = item.step
            var picture = ""
            if let id = step.drawing, let svg = renderer.svg(id) {
                let alt = renderer.text(id) ?? catalog.title(of: step)
                picture = "<img src=\"data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString())\" alt=\"\(Markup.escaped(alt))\">"
            }
            steps +=
                "<li>\(picture)<div><h2>\(Markup.escaped(item.heading)) <span>\(item.time)</span></h2>"
                + "<p>\(Markup.escaped(item.setUp))</p></div></li>\n"
        }
        let notes = sheet.notes.map { "<li>\(Markup.escaped($0))</li>" }.joined()
        let stops = sheet.stopSignals.map { "<li>\(Markup.escaped($0))</li>" }.joined()
        let precautions = sheet.precautions.map { "<li>\(Markup.escaped($0))</li>" }.joined()
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Markup.escaped(sheet.title))</title>
            <style>
            @page { margin: 9mm; }
            body { font: 9pt/1.25 Helvetica, Arial, sans-serif; color: #111; margin: 0 auto; max-width: 190mm; }
            h1 { font-size: 13pt; margin: 0 0 1mm; }
            .summary { margin: 0 0 2mm; }
            ol { list-style: none; padding: 0; margin: 3mm 0; display: grid; grid-template-columns: 1fr 1fr; gap: 1.4mm 4mm; }
            li { display: flex; gap: 3mm; break-inside: avoid; }
            li img { width: 22mm; height: 14mm; flex: none; border: 0.3mm solid #ccc; border-radius: 1.5mm; }
            h2 { font-size: 9pt; margin: 0 0 0.3mm; }
            h2 span { font-weight: normal; color: #444; }
            li p { margin: 0; font-size: 7pt; line-height: 1.2; }
            .notes, .precautions { font-size: 9pt; color: #333; margin: 1mm 0; padding-left: 5mm; }
            .stop { border: 0.6mm solid #b3261e; border-radius: 2mm; padding: 1mm 3mm; break-inside: avoid; } .stop p { margin: 1mm 0; }
            .stop h2 { color: #b3261e; font-size: 11pt; }
            .stop { font-size: 8.5pt; } .stop ul { columns: 3; margin: 1mm 0; padding-left: 5mm; }
            .small { font-size: 8.5pt; color: #444; }
            </style>
            </head>
            <body>
            <h1>\(Markup.escaped(sheet.title))</h1>
            <p class="summary">\(Markup.escaped(sheet.summary))</p>
            \(precautions.isEmpty ? "" : "<ul class=\"precautions\">\(precautions)</ul>")
            \(notes.isEmpty ? "" : "<ul class=\"notes\">\(notes)</ul>")
            <ol>
            \(steps)</ol>
            <section class="stop"><h2>\(Markup.escaped(sheet.stopHeading))</h2><ul>\(stops)</ul>
            <p>\(Markup.escaped(sheet.stopMessage))</p></section>
            <p class="small">\(Markup.escaped(sheet.disclaimer))</p>
            </body>
            </html>

            """
    }
}
