import Foundation
import Hummingbird

/// Who may read the console when it is exposed (docs/console.md, Security): HTTP Basic
/// authentication with one user and a password read from a file.
public struct ConsoleCredentials: Sendable {
    /// The user name (`admin` unless configured).
    public var user: String
    /// The password (the first line of the password file).
    public var password: String

    /// The credentials `user` / `password`.
    public init(user: String = "admin", password: String) {
        self.user = user
        self.password = password
    }

    /// Whether the `Authorization` header value `header` names exactly these credentials. The
    /// comparison takes the same time wherever the first difference lies.
    func accepts(authorization header: String?) -> Bool {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return false }
        guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else { return false }
        return Self.constantTimeEqual(Array(decoded), Array("\(user):\(password)".utf8))
    }

    /// Byte-wise equality whose time depends on the lengths only.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        let count = max(left.count, right.count)
        for index in 0..<count {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}

/// The console is read-only: GET (and HEAD, which Hummingbird answers from GET) only, anything
/// else 405 with `Allow`. Then, when `credentials` are set, HTTP Basic authentication: 401 with a
/// challenge without them.
struct ConsoleAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: ConsoleCredentials?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return ConsoleServer.plain(.methodNotAllowed, "405 只读 read-only: the console answers GET and HEAD only\n", extra: [.allow: "GET, HEAD"])
        }
        if let credentials, !credentials.accepts(authorization: request.headers[.authorization]) {
            return ConsoleServer.plain(
                .unauthorized, "401 需要登录 authentication required\n", extra: [.wwwAuthenticate: "Basic realm=\"liandong console\", charset=\"UTF-8\""])
        }
        return try await next(request, context)
    }
}
