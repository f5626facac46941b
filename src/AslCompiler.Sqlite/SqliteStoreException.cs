using System;

namespace AslCompiler.Sqlite;

/// <summary>
/// A <see cref="SqliteStepFunctionsStore"/> could not open or write its file: the file is corrupt or not a store,
/// it was created by a newer version, it is in use by another store, or SQLite failed. The message names the file.
/// </summary>
public sealed class SqliteStoreException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public SqliteStoreException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    public SqliteStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the SQLite or I/O error behind it.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    /// <param name="innerException">The underlying error.</param>
    public SqliteStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
