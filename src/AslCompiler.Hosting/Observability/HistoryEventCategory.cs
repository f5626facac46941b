using AslCompiler.Runtime.Api;

namespace AslCompiler.Hosting;

/// <summary>Which logging level of a state machine's <see cref="LoggingConfiguration"/> first includes an event type.</summary>
internal enum HistoryEventCategory
{
    /// <summary>Logged at level ALL only.</summary>
    Other,

    /// <summary>Logged at levels ALL and ERROR: failed, timed out and aborted states, tasks, activities, Lambdas and Map runs.</summary>
    Error,

    /// <summary>Logged at levels ALL, ERROR and FATAL: the execution failed, timed out or was aborted.</summary>
    Fatal,
}

/// <summary>The AWS log-level table (CloudWatch Logs levels of Step Functions) as a function of the event type.</summary>
internal static class HistoryEventCategories
{
    public static HistoryEventCategory Of(HistoryEventType type) => type switch
    {
        HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionTimedOut or HistoryEventType.ExecutionAborted => HistoryEventCategory.Fatal,
        HistoryEventType.ActivityFailed or HistoryEventType.ActivityScheduleFailed or HistoryEventType.ActivityTimedOut
            or HistoryEventType.FailStateEntered
            or HistoryEventType.LambdaFunctionFailed or HistoryEventType.LambdaFunctionScheduleFailed
            or HistoryEventType.LambdaFunctionStartFailed or HistoryEventType.LambdaFunctionTimedOut
            or HistoryEventType.MapStateAborted or HistoryEventType.MapStateFailed
            or HistoryEventType.MapIterationAborted or HistoryEventType.MapIterationFailed
            or HistoryEventType.MapRunAborted or HistoryEventType.MapRunFailed
            or HistoryEventType.ParallelStateAborted or HistoryEventType.ParallelStateFailed
            or HistoryEventType.TaskFailed or HistoryEventType.TaskStartFailed or HistoryEventType.TaskStateAborted
            or HistoryEventType.TaskSubmitFailed or HistoryEventType.TaskTimedOut
            or HistoryEventType.WaitStateAborted or HistoryEventType.EvaluationFailed => HistoryEventCategory.Error,
        _ => HistoryEventCategory.Other,
    };

    /// <summary>Whether a state machine logging at <paramref name="level"/> logs an event of <paramref name="category"/>.</summary>
    public static bool IsLogged(LogLevel level, HistoryEventCategory category) => level switch
    {
        LogLevel.All => true,
        LogLevel.Error => category != HistoryEventCategory.Other,
        LogLevel.Fatal => category == HistoryEventCategory.Fatal,
        _ => false,
    };

    /// <summary>The state a *StateEntered event enters, with its type (Task, Pass ...); false for other events.</summary>
    public static bool IsStateEntered(HistoryEvent historyEvent, out string stateName, out string stateType)
    {
        var details = historyEvent.StateEnteredEventDetails;
        var type = historyEvent.Type.ToString();
        if (details is not null && type.EndsWith("StateEntered", System.StringComparison.Ordinal))
        {
            stateName = details.Name;
            stateType = type[..^"StateEntered".Length];
            return true;
        }

        stateName = string.Empty;
        stateType = string.Empty;
        return false;
    }
}
