namespace AslCompiler.Hosting;

/// <summary>
/// The names under which executions show up in logs, traces and metrics: subscribe an OpenTelemetry tracer to
/// <see cref="ActivitySourceName"/>, a meter provider to <see cref="MeterName"/>, and filter logs on <see cref="LoggerCategory"/>.
/// </summary>
public static class AslCompilerTelemetryNames
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of execution and state spans.</summary>
    public const string ActivitySourceName = "AslCompiler";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the execution instruments.</summary>
    public const string MeterName = "AslCompiler";

    /// <summary>The logger category of the per-history-event log records.</summary>
    public const string LoggerCategory = "AslCompiler.Executions";

    /// <summary>Counter: executions started (resumed executions are not counted again).</summary>
    public const string ExecutionsStarted = "aslcompiler.executions.started";

    /// <summary>Counter: executions that succeeded.</summary>
    public const string ExecutionsSucceeded = "aslcompiler.executions.succeeded";

    /// <summary>Counter: executions that failed, timed out or were aborted (tag <see cref="ExecutionStatusTag"/>).</summary>
    public const string ExecutionsFailed = "aslcompiler.executions.failed";

    /// <summary>Counter: state transitions (one per state entered, as AWS counts them).</summary>
    public const string StateTransitions = "aslcompiler.state_transitions";

    /// <summary>Histogram, seconds: from an execution's start to its end (tag <see cref="ExecutionStatusTag"/>).</summary>
    public const string ExecutionDuration = "aslcompiler.execution.duration";

    /// <summary>Tag: the unqualified state machine ARN.</summary>
    public const string StateMachineTag = "aslcompiler.state_machine.arn";

    /// <summary>Tag: STANDARD or EXPRESS.</summary>
    public const string ExecutionTypeTag = "aslcompiler.execution.type";

    /// <summary>Tag: SUCCEEDED, FAILED, TIMED_OUT or ABORTED.</summary>
    public const string ExecutionStatusTag = "aslcompiler.execution.status";

    /// <summary>Span tag: the execution ARN.</summary>
    public const string ExecutionArnTag = "aslcompiler.execution.arn";

    /// <summary>Span tag: the execution name.</summary>
    public const string ExecutionNameTag = "aslcompiler.execution.name";

    /// <summary>Span tag: true on the span of an execution resumed after a restart.</summary>
    public const string ExecutionResumedTag = "aslcompiler.execution.resumed";

    /// <summary>Span tag: true on the span of an execution still running when the host stopped (it resumes on the next start).</summary>
    public const string ExecutionSuspendedTag = "aslcompiler.execution.suspended";

    /// <summary>Span tag: the state's name.</summary>
    public const string StateNameTag = "aslcompiler.state.name";

    /// <summary>Span tag: the state's type (Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail).</summary>
    public const string StateTypeTag = "aslcompiler.state.type";

    /// <summary>Tag of a task call's span: the Task state's resource.</summary>
    public const string TaskResourceTag = "aslcompiler.task.resource";

    /// <summary>Span tag of a state inside a Map iteration: the index of the item the iteration runs for.</summary>
    public const string MapIterationTag = "aslcompiler.map.iteration";
}
