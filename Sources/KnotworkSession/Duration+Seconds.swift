extension Duration {
    /// The duration in seconds, fractions included: how the coach, the server and the
    /// benchmarks show and send session time.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
