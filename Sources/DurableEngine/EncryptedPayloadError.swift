/// A stored value is encrypted and this process has no key for it: readers that can go on
/// without the value (the console) show it as encrypted.
public struct EncryptedPayloadError: Error, CustomStringConvertible, Sendable {
    public init() {}

    public var description: String {
        "the history is encrypted; set \(PayloadCodec.keyVariable) to the key it was written with"
    }
}
