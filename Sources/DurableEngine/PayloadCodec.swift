import Crypto
import Foundation

/// Turns payload bytes into what is stored and back: plain, or sealed with AES-GCM when a
/// key is configured (then the database file holds no plaintext prompts or answers).
public struct PayloadCodec: Sendable, Equatable {
    /// The environment variable that holds a base64 32-byte key.
    public static let keyVariable = "SWITCHBOARD_ENCRYPTION_KEY"
    private static let magic: [UInt8] = Array("SBE1".utf8)

    /// The raw key bytes (SymmetricKey itself is not Sendable in swift-crypto 3).
    private let keyBytes: [UInt8]?

    /// A codec with a 32-byte key, or plain when nil.
    public init(keyBytes: [UInt8]?) { self.keyBytes = keyBytes }

    /// True when payloads are encrypted.
    public var isEncrypting: Bool { keyBytes != nil }

    private var key: SymmetricKey? { keyBytes.map { SymmetricKey(data: $0) } }

    /// Reads the key from `SWITCHBOARD_ENCRYPTION_KEY`, if set.
    /// - Throws: `StoreError` when the value is not base64 of 32 bytes.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PayloadCodec
    {
        guard let text = environment[keyVariable], !text.isEmpty else { return PayloadCodec(keyBytes: nil) }
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            throw StoreError("\(keyVariable) must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)")
        }
        return PayloadCodec(keyBytes: Array(bytes))
    }

    /// What to store for `bytes`: `bytes` unchanged without a key, else a marked AES-GCM box.
    public func seal(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let key else { return bytes }
        let box = try AES.GCM.seal(bytes, using: key)
        guard let combined = box.combined else { throw StoreError("AES-GCM produced no output") }
        return Self.magic + Array(combined)
    }

    /// The bytes behind what was stored.
    /// - Throws: `EncryptedPayloadError` for a sealed value without a key; `StoreError` when the key does not open it.
    public func open(_ stored: [UInt8]) throws -> [UInt8] {
        guard stored.starts(with: Self.magic) else { return stored }
        guard let key else { throw EncryptedPayloadError() }
        do {
            let box = try AES.GCM.SealedBox(combined: stored.dropFirst(Self.magic.count))
            return Array(try AES.GCM.open(box, using: key))
        } catch {
            throw StoreError("cannot decrypt the history with the key in \(Self.keyVariable): wrong key or damaged data")
        }
    }
}

/// A problem with the history store, in words that name it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
