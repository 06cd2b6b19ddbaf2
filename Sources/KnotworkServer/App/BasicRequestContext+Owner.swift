import Hummingbird
import KnotworkJournal

extension BasicRequestContext {
    /// Whose journal records a request reads and writes: the one place the server decides it.
    /// Without accounts (loopback, the SQLite default) the journal is one person's, the local
    /// account's, and every request is theirs; with sign-in, the signed-in account's.
    var owner: AccountID { .local }
}
