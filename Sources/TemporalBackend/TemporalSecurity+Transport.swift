import Foundation
import GRPCNIOTransportHTTP2
import NIOSSL

extension TemporalSecurity {
    /// PEM files larger than this are refused: a CA bundle is a few hundred kilobytes.
    static let maxPEMBytes = 4 << 20

    /// The transport security for these settings, with every file read and checked once, so a
    /// bad one is named now and not at each reconnection.
    /// - Throws: `TemporalError.badSetting` naming a file that cannot be read or holds no
    ///   certificate or key.
    func transportSecurity() throws -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard tls else { return .plaintext }
        var config = HTTP2ClientTransport.Posix.TransportSecurity.TLS.defaults
        if let caPath {
            config.trustRoots = .certificates([.bytes(try Self.certificates(caPath, what: "TLS CA file"), format: .pem)])
        }
        if let certPath, let keyPath {
            config.certificateChain = [.bytes(try Self.certificates(certPath, what: "TLS client certificate"), format: .pem)]
            let key = try Self.read(keyPath, what: "TLS client key")
            do {
                _ = try NIOSSLPrivateKey(bytes: key, format: .pem)
            } catch {
                throw TemporalError.badSetting("the TLS client key \(keyPath) holds no PEM private key we can read (\(error))")
            }
            config.privateKey = .bytes(key, format: .pem)
        }
        if disableHostVerification { config.serverCertificateVerification = .noHostnameVerification }
        return .tls(config)
    }

    /// The file's PEM bytes, checked to hold at least one certificate.
    private static func certificates(_ path: String, what: String) throws -> [UInt8] {
        let bytes = try read(path, what: what)
        let parsed: [NIOSSLCertificate]
        do {
            parsed = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw TemporalError.badSetting("the \(what) \(path) is not a PEM certificate file (\(error))")
        }
        guard !parsed.isEmpty else { throw TemporalError.badSetting("the \(what) \(path) holds no PEM certificate") }
        return bytes
    }

    private static func read(_ path: String, what: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: path)
        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        guard size <= maxPEMBytes else {
            throw TemporalError.badSetting("the \(what) \(path) has \(size) bytes, more than a PEM file of \(maxPEMBytes >> 20) MiB")
        }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            let reason = switch (error as? CocoaError)?.code {
            case .fileReadNoSuchFile?: "no such file"
            case .fileReadNoPermission?: "permission denied"
            default: "\(error)"
            }
            throw TemporalError.badSetting("cannot read the \(what) \(path): \(reason)")
        }
    }
}
