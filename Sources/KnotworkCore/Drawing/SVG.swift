/// An SVG document being written.
struct SVG {
    let width: Double
    let height: Double
    let title: String
    let id: String
    var style = ""
    var body = ""

    init(width: Double, height: Double, title: String, id: String) {
        self.width = width
        self.height = height
        self.title = title
        self.id = id
    }

    var rendered: String {
        let size = "\(Int(width.rounded())) \(Int(height.rounded()))"
        let label = "t-" + id
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size)\" role=\"img\" aria-labelledby=\"\(label)\">"
            + "<title id=\"\(label)\">\(Markup.escaped(title))</title>"
            + (style.isEmpty ? "" : "<style>\(style)</style>")
            + body + "</svg>"
    }
}

extension String {
    func lowercasingFirst() -> String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
