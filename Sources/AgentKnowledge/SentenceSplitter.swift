import Foundation

/// Splits prose into sentences at `.`, `!` or `?` followed by a space and a capital or a digit.
enum SentenceSplitter {
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text.replacingOccurrences(of: "\n", with: " "))
        for (index, character) in characters.enumerated() {
            current.append(character)
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            let afterNext = index + 2 < characters.count ? characters[index + 2] : "A"
            if ".!?".contains(character), next == " ", afterNext.isUppercase || afterNext.isNumber {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current.trimmingCharacters(in: .whitespaces)) }
        return sentences
    }
}
