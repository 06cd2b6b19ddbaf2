import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Open connections, counted in all and per client address: past either cap a new connection
/// is closed at once, so a flood of slow or half-open connections cannot take every file the
/// process may open, and other clients are still answered.
final class ConnectionLimits: Sendable {
    let total: Int
    let perAddress: Int
    private let open = Mutex<(count: Int, byAddress: [String: Int])>((0, [:]))

    init(total: Int, perAddress: Int) {
        self.total = total
        self.perAddress = perAddress
    }

    /// Counts a new connection from `address`, or says no when a cap is reached.
    func admit(_ address: String) -> Bool {
        open.withLock { open in
            guard open.count < total, open.byAddress[address, default: 0] < perAddress else { return false }
            open.count += 1
            open.byAddress[address, default: 0] += 1
            return true
        }
    }

    /// Forgets a connection that has closed.
    func release(_ address: String) {
        open.withLock { open in
            open.count -= 1
            let left = open.byAddress[address, default: 1] - 1
            open.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    var count: Int { open.withLock { $0.count } }
}

/// Admits a connection under ``ConnectionLimits`` or closes it; one per connection.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    // Reads pass through untouched; only the opening and closing of the connection matter here.
    typealias InboundIn = NIOAny

    let limits: ConnectionLimits
    private var admitted: String?
    private var checked = false

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { check(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        check(context)
        if admitted != nil { context.fireChannelActive() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let admitted { limits.release(admitted) }
        admitted = nil
        context.fireChannelInactive()
    }

    private func check(_ context: ChannelHandlerContext) {
        guard !checked else { return }
        checked = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if limits.admit(address) {
            admitted = address
        } else {
            context.close(promise: nil)
        }
    }
}
