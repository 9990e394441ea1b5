import CCurl

/// Maps libcurl result codes to `HTTPClientError`.
enum CurlErrorMapping {
    static func error(for code: CURLcode, transfer: CurlTransfer, connected: Bool) -> HTTPClientError {
        if let failure = transfer.failure { return failure }
        let message = transfer.curlMessage.isEmpty ? String(cString: ccurl_easy_strerror(code)) : transfer.curlMessage
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidURL(message)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .resolveFailed(message)
        case CURLE_COULDNT_CONNECT:
            return .connectFailed(message)
        case CURLE_OPERATION_TIMEDOUT:
            if !connected { return .timedOut(.connect) }
            return .timedOut(transfer.isStream ? .idle : .total)
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            return .connectionLost(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CLIENTCERT:
            return .tls(message)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP3:
            return .protocolError(message)
        case CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            return .other(code: Int(code.rawValue), message: message)
        }
    }
}
