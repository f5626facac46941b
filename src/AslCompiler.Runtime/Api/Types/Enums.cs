using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Whether a state machine is Standard (durable, exactly once) or Express (in-memory, at least once). Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StateMachineType>))]
public enum StateMachineType
{
    /// <summary><c>STANDARD</c>.</summary>
    [JsonStringEnumMemberName("STANDARD")]
    Standard,

    /// <summary><c>EXPRESS</c>.</summary>
    [JsonStringEnumMemberName("EXPRESS")]
    Express,
}

/// <summary>Whether a Describe call returns all data or only metadata (for KMS-encrypted resources). Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncludedData>))]
public enum IncludedData
{
    /// <summary><c>ALL_DATA</c>.</summary>
    [JsonStringEnumMemberName("ALL_DATA")]
    AllData,

    /// <summary><c>METADATA_ONLY</c>.</summary>
    [JsonStringEnumMemberName("METADATA_ONLY")]
    MetadataOnly,
}

/// <summary>Whether an execution can be redriven. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionRedriveStatus>))]
public enum ExecutionRedriveStatus
{
    /// <summary><c>REDRIVABLE</c>.</summary>
    [JsonStringEnumMemberName("REDRIVABLE")]
    Redrivable,

    /// <summary><c>NOT_REDRIVABLE</c>.</summary>
    [JsonStringEnumMemberName("NOT_REDRIVABLE")]
    NotRedrivable,

    /// <summary><c>REDRIVABLE_BY_MAP_RUN</c>.</summary>
    [JsonStringEnumMemberName("REDRIVABLE_BY_MAP_RUN")]
    RedrivableByMapRun,
}

/// <summary>The status of an execution. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStatus>))]
public enum ExecutionStatus
{
    /// <summary><c>RUNNING</c>.</summary>
    [JsonStringEnumMemberName("RUNNING")]
    Running,

    /// <summary><c>SUCCEEDED</c>.</summary>
    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    /// <summary><c>FAILED</c>.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary><c>TIMED_OUT</c>.</summary>
    [JsonStringEnumMemberName("TIMED_OUT")]
    TimedOut,

    /// <summary><c>ABORTED</c>.</summary>
    [JsonStringEnumMemberName("ABORTED")]
    Aborted,

    /// <summary><c>PENDING_REDRIVE</c>.</summary>
    [JsonStringEnumMemberName("PENDING_REDRIVE")]
    PendingRedrive,
}

/// <summary>The status of a Map Run. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MapRunStatus>))]
public enum MapRunStatus
{
    /// <summary><c>RUNNING</c>.</summary>
    [JsonStringEnumMemberName("RUNNING")]
    Running,

    /// <summary><c>SUCCEEDED</c>.</summary>
    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    /// <summary><c>FAILED</c>.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary><c>ABORTED</c>.</summary>
    [JsonStringEnumMemberName("ABORTED")]
    Aborted,
}

/// <summary>Whether a state machine is active or being deleted. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StateMachineStatus>))]
public enum StateMachineStatus
{
    /// <summary><c>ACTIVE</c>.</summary>
    [JsonStringEnumMemberName("ACTIVE")]
    Active,

    /// <summary><c>DELETING</c>.</summary>
    [JsonStringEnumMemberName("DELETING")]
    Deleting,
}

/// <summary>Filters executions by whether they have been redriven. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionRedriveFilter>))]
public enum ExecutionRedriveFilter
{
    /// <summary><c>REDRIVEN</c>.</summary>
    [JsonStringEnumMemberName("REDRIVEN")]
    Redriven,

    /// <summary><c>NOT_REDRIVEN</c>.</summary>
    [JsonStringEnumMemberName("NOT_REDRIVEN")]
    NotRedriven,
}

/// <summary>The final status of a synchronous Express execution. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SyncExecutionStatus>))]
public enum SyncExecutionStatus
{
    /// <summary><c>SUCCEEDED</c>.</summary>
    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    /// <summary><c>FAILED</c>.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary><c>TIMED_OUT</c>.</summary>
    [JsonStringEnumMemberName("TIMED_OUT")]
    TimedOut,
}

/// <summary>How much inspection data TestState returns. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InspectionLevel>))]
public enum InspectionLevel
{
    /// <summary><c>INFO</c>.</summary>
    [JsonStringEnumMemberName("INFO")]
    Info,

    /// <summary><c>DEBUG</c>.</summary>
    [JsonStringEnumMemberName("DEBUG")]
    Debug,

    /// <summary><c>TRACE</c>.</summary>
    [JsonStringEnumMemberName("TRACE")]
    Trace,
}

/// <summary>The outcome of a TestState call. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TestExecutionStatus>))]
public enum TestExecutionStatus
{
    /// <summary><c>SUCCEEDED</c>.</summary>
    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    /// <summary><c>FAILED</c>.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary><c>RETRIABLE</c>.</summary>
    [JsonStringEnumMemberName("RETRIABLE")]
    Retriable,

    /// <summary><c>CAUGHT_ERROR</c>.</summary>
    [JsonStringEnumMemberName("CAUGHT_ERROR")]
    CaughtError,
}

/// <summary>The severity of a validation diagnostic, also the minimum severity to report. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValidateStateMachineDefinitionSeverity>))]
public enum ValidateStateMachineDefinitionSeverity
{
    /// <summary><c>ERROR</c>.</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,

    /// <summary><c>WARNING</c>.</summary>
    [JsonStringEnumMemberName("WARNING")]
    Warning,
}

/// <summary>Whether a definition passed validation. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValidateStateMachineDefinitionResultCode>))]
public enum ValidateStateMachineDefinitionResultCode
{
    /// <summary><c>OK</c>.</summary>
    [JsonStringEnumMemberName("OK")]
    Ok,

    /// <summary><c>FAIL</c>.</summary>
    [JsonStringEnumMemberName("FAIL")]
    Fail,
}

/// <summary>Who owns the key that encrypts the data. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EncryptionType>))]
public enum EncryptionType
{
    /// <summary><c>AWS_OWNED_KEY</c>.</summary>
    [JsonStringEnumMemberName("AWS_OWNED_KEY")]
    AwsOwnedKey,

    /// <summary><c>CUSTOMER_MANAGED_KMS_KEY</c>.</summary>
    [JsonStringEnumMemberName("CUSTOMER_MANAGED_KMS_KEY")]
    CustomerManagedKmsKey,
}

/// <summary>Which execution history events are logged. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LogLevel>))]
public enum LogLevel
{
    /// <summary><c>ALL</c>.</summary>
    [JsonStringEnumMemberName("ALL")]
    All,

    /// <summary><c>ERROR</c>.</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,

    /// <summary><c>FATAL</c>.</summary>
    [JsonStringEnumMemberName("FATAL")]
    Fatal,

    /// <summary><c>OFF</c>.</summary>
    [JsonStringEnumMemberName("OFF")]
    Off,
}

/// <summary>The type of a history event. Wire names via <see cref="WireName"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HistoryEventType>))]
public enum HistoryEventType
{
    /// <summary><c>ActivityFailed</c>.</summary>
    [JsonStringEnumMemberName("ActivityFailed")]
    ActivityFailed,

    /// <summary><c>ActivityScheduled</c>.</summary>
    [JsonStringEnumMemberName("ActivityScheduled")]
    ActivityScheduled,

    /// <summary><c>ActivityScheduleFailed</c>.</summary>
    [JsonStringEnumMemberName("ActivityScheduleFailed")]
    ActivityScheduleFailed,

    /// <summary><c>ActivityStarted</c>.</summary>
    [JsonStringEnumMemberName("ActivityStarted")]
    ActivityStarted,

    /// <summary><c>ActivitySucceeded</c>.</summary>
    [JsonStringEnumMemberName("ActivitySucceeded")]
    ActivitySucceeded,

    /// <summary><c>ActivityTimedOut</c>.</summary>
    [JsonStringEnumMemberName("ActivityTimedOut")]
    ActivityTimedOut,

    /// <summary><c>ChoiceStateEntered</c>.</summary>
    [JsonStringEnumMemberName("ChoiceStateEntered")]
    ChoiceStateEntered,

    /// <summary><c>ChoiceStateExited</c>.</summary>
    [JsonStringEnumMemberName("ChoiceStateExited")]
    ChoiceStateExited,

    /// <summary><c>ExecutionAborted</c>.</summary>
    [JsonStringEnumMemberName("ExecutionAborted")]
    ExecutionAborted,

    /// <summary><c>ExecutionFailed</c>.</summary>
    [JsonStringEnumMemberName("ExecutionFailed")]
    ExecutionFailed,

    /// <summary><c>ExecutionStarted</c>.</summary>
    [JsonStringEnumMemberName("ExecutionStarted")]
    ExecutionStarted,

    /// <summary><c>ExecutionSucceeded</c>.</summary>
    [JsonStringEnumMemberName("ExecutionSucceeded")]
    ExecutionSucceeded,

    /// <summary><c>ExecutionTimedOut</c>.</summary>
    [JsonStringEnumMemberName("ExecutionTimedOut")]
    ExecutionTimedOut,

    /// <summary><c>FailStateEntered</c>.</summary>
    [JsonStringEnumMemberName("FailStateEntered")]
    FailStateEntered,

    /// <summary><c>LambdaFunctionFailed</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionFailed")]
    LambdaFunctionFailed,

    /// <summary><c>LambdaFunctionScheduled</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionScheduled")]
    LambdaFunctionScheduled,

    /// <summary><c>LambdaFunctionScheduleFailed</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionScheduleFailed")]
    LambdaFunctionScheduleFailed,

    /// <summary><c>LambdaFunctionStarted</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionStarted")]
    LambdaFunctionStarted,

    /// <summary><c>LambdaFunctionStartFailed</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionStartFailed")]
    LambdaFunctionStartFailed,

    /// <summary><c>LambdaFunctionSucceeded</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionSucceeded")]
    LambdaFunctionSucceeded,

    /// <summary><c>LambdaFunctionTimedOut</c>.</summary>
    [JsonStringEnumMemberName("LambdaFunctionTimedOut")]
    LambdaFunctionTimedOut,

    /// <summary><c>MapIterationAborted</c>.</summary>
    [JsonStringEnumMemberName("MapIterationAborted")]
    MapIterationAborted,

    /// <summary><c>MapIterationFailed</c>.</summary>
    [JsonStringEnumMemberName("MapIterationFailed")]
    MapIterationFailed,

    /// <summary><c>MapIterationStarted</c>.</summary>
    [JsonStringEnumMemberName("MapIterationStarted")]
    MapIterationStarted,

    /// <summary><c>MapIterationSucceeded</c>.</summary>
    [JsonStringEnumMemberName("MapIterationSucceeded")]
    MapIterationSucceeded,

    /// <summary><c>MapStateAborted</c>.</summary>
    [JsonStringEnumMemberName("MapStateAborted")]
    MapStateAborted,

    /// <summary><c>MapStateEntered</c>.</summary>
    [JsonStringEnumMemberName("MapStateEntered")]
    MapStateEntered,

    /// <summary><c>MapStateExited</c>.</summary>
    [JsonStringEnumMemberName("MapStateExited")]
    MapStateExited,

    /// <summary><c>MapStateFailed</c>.</summary>
    [JsonStringEnumMemberName("MapStateFailed")]
    MapStateFailed,

    /// <summary><c>MapStateStarted</c>.</summary>
    [JsonStringEnumMemberName("MapStateStarted")]
    MapStateStarted,

    /// <summary><c>MapStateSucceeded</c>.</summary>
    [JsonStringEnumMemberName("MapStateSucceeded")]
    MapStateSucceeded,

    /// <summary><c>ParallelStateAborted</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateAborted")]
    ParallelStateAborted,

    /// <summary><c>ParallelStateEntered</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateEntered")]
    ParallelStateEntered,

    /// <summary><c>ParallelStateExited</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateExited")]
    ParallelStateExited,

    /// <summary><c>ParallelStateFailed</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateFailed")]
    ParallelStateFailed,

    /// <summary><c>ParallelStateStarted</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateStarted")]
    ParallelStateStarted,

    /// <summary><c>ParallelStateSucceeded</c>.</summary>
    [JsonStringEnumMemberName("ParallelStateSucceeded")]
    ParallelStateSucceeded,

    /// <summary><c>PassStateEntered</c>.</summary>
    [JsonStringEnumMemberName("PassStateEntered")]
    PassStateEntered,

    /// <summary><c>PassStateExited</c>.</summary>
    [JsonStringEnumMemberName("PassStateExited")]
    PassStateExited,

    /// <summary><c>SucceedStateEntered</c>.</summary>
    [JsonStringEnumMemberName("SucceedStateEntered")]
    SucceedStateEntered,

    /// <summary><c>SucceedStateExited</c>.</summary>
    [JsonStringEnumMemberName("SucceedStateExited")]
    SucceedStateExited,

    /// <summary><c>TaskFailed</c>.</summary>
    [JsonStringEnumMemberName("TaskFailed")]
    TaskFailed,

    /// <summary><c>TaskScheduled</c>.</summary>
    [JsonStringEnumMemberName("TaskScheduled")]
    TaskScheduled,

    /// <summary><c>TaskStarted</c>.</summary>
    [JsonStringEnumMemberName("TaskStarted")]
    TaskStarted,

    /// <summary><c>TaskStartFailed</c>.</summary>
    [JsonStringEnumMemberName("TaskStartFailed")]
    TaskStartFailed,

    /// <summary><c>TaskStateAborted</c>.</summary>
    [JsonStringEnumMemberName("TaskStateAborted")]
    TaskStateAborted,

    /// <summary><c>TaskStateEntered</c>.</summary>
    [JsonStringEnumMemberName("TaskStateEntered")]
    TaskStateEntered,

    /// <summary><c>TaskStateExited</c>.</summary>
    [JsonStringEnumMemberName("TaskStateExited")]
    TaskStateExited,

    /// <summary><c>TaskSubmitFailed</c>.</summary>
    [JsonStringEnumMemberName("TaskSubmitFailed")]
    TaskSubmitFailed,

    /// <summary><c>TaskSubmitted</c>.</summary>
    [JsonStringEnumMemberName("TaskSubmitted")]
    TaskSubmitted,

    /// <summary><c>TaskSucceeded</c>.</summary>
    [JsonStringEnumMemberName("TaskSucceeded")]
    TaskSucceeded,

    /// <summary><c>TaskTimedOut</c>.</summary>
    [JsonStringEnumMemberName("TaskTimedOut")]
    TaskTimedOut,

    /// <summary><c>WaitStateAborted</c>.</summary>
    [JsonStringEnumMemberName("WaitStateAborted")]
    WaitStateAborted,

    /// <summary><c>WaitStateEntered</c>.</summary>
    [JsonStringEnumMemberName("WaitStateEntered")]
    WaitStateEntered,

    /// <summary><c>WaitStateExited</c>.</summary>
    [JsonStringEnumMemberName("WaitStateExited")]
    WaitStateExited,

    /// <summary><c>MapRunAborted</c>.</summary>
    [JsonStringEnumMemberName("MapRunAborted")]
    MapRunAborted,

    /// <summary><c>MapRunFailed</c>.</summary>
    [JsonStringEnumMemberName("MapRunFailed")]
    MapRunFailed,

    /// <summary><c>MapRunStarted</c>.</summary>
    [JsonStringEnumMemberName("MapRunStarted")]
    MapRunStarted,

    /// <summary><c>MapRunSucceeded</c>.</summary>
    [JsonStringEnumMemberName("MapRunSucceeded")]
    MapRunSucceeded,

    /// <summary><c>ExecutionRedriven</c>.</summary>
    [JsonStringEnumMemberName("ExecutionRedriven")]
    ExecutionRedriven,

    /// <summary><c>MapRunRedriven</c>.</summary>
    [JsonStringEnumMemberName("MapRunRedriven")]
    MapRunRedriven,

    /// <summary><c>EvaluationFailed</c>.</summary>
    [JsonStringEnumMemberName("EvaluationFailed")]
    EvaluationFailed,
}
