using System;

namespace AslCompiler.Runtime.Execution;

/// <summary>Thrown by a task handler to fail the task with a Step Functions error name and cause.</summary>
public class TaskFailedException : Exception
{
    /// <summary>Creates a failure with an error name and a cause.</summary>
    public TaskFailedException(string error, string? cause)
        : base(error + ": " + cause)
    {
        Error = error;
        ErrorCause = cause;
    }

    /// <summary>Creates a <c>States.TaskFailed</c> failure.</summary>
    public TaskFailedException()
        : this(StatesErrors.TaskFailed, (string?)null)
    {
    }

    /// <summary>Creates a <c>States.TaskFailed</c> failure with a cause.</summary>
    public TaskFailedException(string message)
        : this(StatesErrors.TaskFailed, message)
    {
    }

    /// <summary>Creates a <c>States.TaskFailed</c> failure with a cause and an inner exception.</summary>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrors.TaskFailed;
        ErrorCause = message;
    }

    /// <summary>The error name (e.g. <c>States.TaskFailed</c> or a custom name).</summary>
    public string Error { get; }

    /// <summary>The cause text, or null.</summary>
    public string? ErrorCause { get; }
}
