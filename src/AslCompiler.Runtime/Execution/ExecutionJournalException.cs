using System;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// A journaled run stopped because its journal could not be committed: the store failed (a full disk, a database that
/// cannot be written). This is not an outcome of the execution: the run stops where it is, as a suspended run does
/// (nothing more is staged or committed, no terminal event is recorded), so the store still holds the execution as of
/// its last commit, and a later run over the same journal resumes it from there. <see cref="Exception.InnerException"/>
/// is the store's error.
/// </summary>
public sealed class ExecutionJournalException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ExecutionJournalException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What could not be committed.</param>
    public ExecutionJournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the store's error.</summary>
    /// <param name="message">What could not be committed.</param>
    /// <param name="innerException">The store's error.</param>
    public ExecutionJournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
