import Logging
import NIOCore
import Synchronization

/// At most `size` connections, lent to one caller at a time. Callers beyond the bound wait in
/// order; a cancelled waiter leaves the queue. A connection that failed is closed, not reused.
final class RedisConnectionPool: Sendable {
    private enum Grant: Sendable {
        case connection(RedisConnection)
        case permit
        case closed
        case cancelled
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Grant, Never>
    }

    private struct State {
        var idle: [RedisConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiter = 0
        var nextConnection = 0
        var closed = false
        var leased: [Int: RedisConnection] = [:]
    }

    private let configuration: RedisConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    init(configuration: RedisConfiguration, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
    }

    /// How many connections are open or being opened.
    var openConnections: Int { state.withLock { $0.open } }

    /// How many callers wait for a connection.
    var waitingCallers: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` with a connection; `body` says whether the connection can be reused.
    func withConnection<T: Sendable>(_ body: (RedisConnection) async throws(RedisError) -> (T, reusable: Bool)) async throws(RedisError) -> T {
        let connection = try await acquire()
        let outcome: (T, reusable: Bool)
        do {
            outcome = try await body(connection)
        } catch {
            release(connection, reusable: false)
            throw error
        }
        release(connection, reusable: outcome.reusable && connection.isActive)
        return outcome.0
    }

    private enum Next {
        case use(RedisConnection)
        case create(id: Int)
        case wait
    }

    private func acquire() async throws(RedisError) -> RedisConnection {
        if Task.isCancelled { throw .cancelled }
        while true {
            let next: Next = try state.withLock { (state: inout State) throws(RedisError) -> Next in
                if state.closed { throw .poolClosed }
                while let connection = state.idle.popLast() {
                    if connection.isActive {
                        state.leased[connection.id] = connection
                        return .use(connection)
                    }
                    state.open -= 1
                }
                if state.open < configuration.poolSize {
                    state.open += 1
                    state.nextConnection += 1
                    return .create(id: state.nextConnection)
                }
                return .wait
            }
            switch next {
            case .use(let connection):
                return connection
            case .create(let id):
                return try await open(id: id)
            case .wait:
                switch await wait() {
                case .connection(let connection): return connection
                case .permit:
                    let id = state.withLock { state in
                        state.nextConnection += 1
                        return state.nextConnection
                    }
                    return try await open(id: id)
                case .closed: throw .poolClosed
                case .cancelled: throw .cancelled
                }
            }
        }
    }

    /// Opens a connection under a permit already counted in `open`; on failure the permit passes on.
    private func open(id: Int) async throws(RedisError) -> RedisConnection {
        do throws(RedisError) {
            let connection = try await RedisConnection.connect(configuration, id: id, group: group, logger: logger)
            let closed = state.withLock { state in
                if !state.closed { state.leased[connection.id] = connection }
                return state.closed
            }
            if closed {
                connection.close()
                throw RedisError.poolClosed
            }
            connection.channel.closeFuture.whenComplete { [weak self] _ in self?.closedByPeer(connection) }
            return connection
        } catch {
            releasePermit()
            throw error
        }
    }

    private func wait() async -> Grant {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Grant, Never>) in
                let immediate: Grant? = state.withLock { state in
                    if state.closed { return .closed }
                    if Task.isCancelled { return .cancelled }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let removed = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            removed?.continuation.resume(returning: .cancelled)
        }
    }

    private func release(_ connection: RedisConnection, reusable: Bool) {
        enum Action {
            case none
            case close
            case handOver(Waiter, Grant, closeConnection: Bool)
        }
        let action: Action = state.withLock { state in
            state.leased[connection.id] = nil
            if state.closed {
                state.open -= 1
                return .close
            }
            if !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                if reusable {
                    state.leased[connection.id] = connection
                    return .handOver(waiter, .connection(connection), closeConnection: false)
                }
                return .handOver(waiter, .permit, closeConnection: true)
            }
            if reusable {
                state.idle.append(connection)
                return .none
            }
            state.open -= 1
            return .close
        }
        switch action {
        case .none: break
        case .close: connection.close()
        case .handOver(let waiter, let grant, let closeConnection):
            if closeConnection { connection.close() }
            waiter.continuation.resume(returning: grant)
        }
    }

    /// Forgets an idle connection that closed (the server killed it, say), so it is not lent again.
    private func closedByPeer(_ connection: RedisConnection) {
        state.withLock { state in
            if let index = state.idle.firstIndex(where: { $0 === connection }) {
                state.idle.remove(at: index)
                state.open -= 1
            }
        }
    }

    /// Gives an unused permit to the next waiter, or returns it.
    private func releasePermit() {
        let waiter: Waiter? = state.withLock { state in
            if !state.closed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.continuation.resume(returning: .permit)
    }

    /// Closes every connection and fails every waiter with ``RedisError/poolClosed``.
    func shutdown() async {
        let (connections, waiters) = state.withLock { state in
            state.closed = true
            let connections = state.idle + Array(state.leased.values)
            state.open -= state.idle.count
            state.idle = []
            let waiters = state.waiters
            state.waiters = []
            return (connections, waiters)
        }
        for waiter in waiters { waiter.continuation.resume(returning: .closed) }
        for connection in connections { await connection.closeAndWait() }
    }
}
