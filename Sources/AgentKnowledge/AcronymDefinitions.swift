/// Acronyms a text defines itself, as in "paid time off (PTO)" or "employee assistance program
/// (EAP)": an upper-case word in parentheses whose letters are the initials of the words just
/// before it. The index lets a section that says "PTO" also be found by "paid time off" and by
/// what WordNet relates to those words.
enum AcronymDefinitions {
    /// Each acronym defined in `text`, as written ("PTO", or "AEDs" for a plural), with the phrase it stands for.
    static func find(in text: String) -> [String: String] {
        var definitions: [String: String] = [:]
        var words: [Substring] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "(") {
            words += rest[..<open].split(whereSeparator: { $0.isWhitespace || $0 == "-" })
            guard let close = rest[open...].firstIndex(of: ")") else { break }
            let inside = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            var letters = inside
            if letters.last == "s" { letters = letters.dropLast() }
            guard (2...6).contains(letters.count), letters.allSatisfy({ $0.isUppercase && $0.isLetter }),
                  words.count >= letters.count else {
                words = []
                continue
            }
            let phrase = words.suffix(letters.count)
            let initials = phrase.compactMap { $0.first?.lowercased() }.joined()
            if initials == letters.lowercased() {
                definitions[String(inside)] = phrase.joined(separator: " ")
            }
            words = []
        }
        return definitions
    }
}
