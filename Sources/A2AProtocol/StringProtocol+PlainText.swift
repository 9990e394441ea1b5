// Text checks that run on every request. With Foundation imported, `trimmingCharacters(in:)`
// and `contains("…")` on strings go through NSString (about 6,000 instructions a call, and
// CoreFoundation's pages in memory); the standard library's `firstRange(of:)` costs more still.
// These work on the characters or the UTF-8 bytes directly.
extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
    public func trimmingSpacesAndTabs() -> SubSequence {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }

    /// True when the UTF-8 bytes of `needle` occur in this text's, as they are (no case
    /// folding, no Unicode equivalence: meant for ASCII tokens such as `json`).
    public func containsBytes(of needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return true }
        let text = Array(utf8)
        guard text.count >= pattern.count else { return false }
        for start in 0...(text.count - pattern.count) where text[start] == head {
            if text[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}
