namespace AslCompiler.Runtime.Execution;

/// <summary>The predefined Step Functions error names the kernel raises and matches.</summary>
public static class StatesErrors
{
    /// <summary><c>States.ALL</c>: matches every error except <c>States.Runtime</c> and <c>States.DataLimitExceeded</c>.</summary>
    public const string All = "States.ALL";

    /// <summary><c>States.HeartbeatTimeout</c></summary>
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";

    /// <summary><c>States.Timeout</c></summary>
    public const string Timeout = "States.Timeout";

    /// <summary><c>States.TaskFailed</c></summary>
    public const string TaskFailed = "States.TaskFailed";

    /// <summary><c>States.Permissions</c></summary>
    public const string Permissions = "States.Permissions";

    /// <summary><c>States.ResultPathMatchFailure</c></summary>
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";

    /// <summary><c>States.ParameterPathFailure</c></summary>
    public const string ParameterPathFailure = "States.ParameterPathFailure";

    /// <summary><c>States.BranchFailed</c></summary>
    public const string BranchFailed = "States.BranchFailed";

    /// <summary><c>States.NoChoiceMatched</c></summary>
    public const string NoChoiceMatched = "States.NoChoiceMatched";

    /// <summary><c>States.IntrinsicFailure</c></summary>
    public const string IntrinsicFailure = "States.IntrinsicFailure";

    /// <summary><c>States.ExceedToleratedFailureThreshold</c></summary>
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";

    /// <summary><c>States.ItemReaderFailed</c></summary>
    public const string ItemReaderFailed = "States.ItemReaderFailed";

    /// <summary><c>States.ResultWriterFailed</c></summary>
    public const string ResultWriterFailed = "States.ResultWriterFailed";

    /// <summary><c>States.QueryEvaluationError</c></summary>
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary><c>States.DataLimitExceeded</c></summary>
    public const string DataLimitExceeded = "States.DataLimitExceeded";

    /// <summary><c>States.Runtime</c></summary>
    public const string Runtime = "States.Runtime";

    /// <summary>
    /// A task's error as the history, the execution and a Catch report it: a heartbeat that did not come is
    /// <c>States.Timeout</c>, as on AWS (only Retry and Catch tell it apart, by <c>States.HeartbeatTimeout</c>).
    /// </summary>
    internal static string? AsReported(string? error) => error == HeartbeatTimeout ? Timeout : error;

    /// <summary>Whether an error is terminal: never retried and never caught by <c>States.ALL</c>.</summary>
    public static bool IsTerminal(string error) => error is Runtime or DataLimitExceeded;

    /// <summary>Whether an <c>ErrorEquals</c> entry matches an error, with AWS's rules for <c>States.ALL</c>.</summary>
    public static bool Matches(string errorEquals, string error)
    {
        if (errorEquals == All)
        {
            return !IsTerminal(error);
        }

        // AWS: in Retry/Catch, States.TaskFailed is a wildcard for every known error except States.Timeout.
        if (errorEquals == TaskFailed)
        {
            return error != Timeout && !IsTerminal(error);
        }

        return string.Equals(errorEquals, error, System.StringComparison.Ordinal);
    }
}
