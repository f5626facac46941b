using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>What an execution runs: the state machine (or the version an alias picked) as it is at start time.</summary>
internal sealed record ExecutionTarget
{
    /// <summary>The unqualified state machine ARN.</summary>
    public required string StateMachineArn { get; init; }

    /// <summary>The version that runs, when started through a version or an alias.</summary>
    public string? StateMachineVersionArn { get; init; }

    /// <summary>The alias the execution was started through.</summary>
    public string? StateMachineAliasArn { get; init; }

    public required string StateMachineName { get; init; }

    public required string Definition { get; init; }

    public required string RoleArn { get; init; }

    public required StateMachineType Type { get; init; }

    public string? RevisionId { get; init; }

    /// <summary>The mock test case named after <c>#</c> in the started ARN (kept with the execution), or null.</summary>
    public string? TestCase { get; init; }

    /// <summary>The mocked responses the execution runs with (<see cref="TestCase"/>'s), or null: the kernel's.</summary>
    public AslCompiler.Runtime.Tasks.MockTestCase? Mocks { get; init; }
}

/// <summary>
/// The seam between the API and the execution kernel. <see cref="AslCompiler.Runtime.Api.LocalStepFunctions"/> validates every request
/// (field constraints, names, ARNs, input JSON, state machine existence and type, alias routing) and only then
/// calls the engine, so an engine only implements execution semantics. The kernel integration implements it.
/// </summary>
internal interface IExecutionEngine
{
    /// <remarks><paramref name="input"/>: the request's input as the API's check parsed it (undefined when there is none).</remarks>
    Task<StartExecutionResponse> StartExecutionAsync(ExecutionTarget target, StartExecutionRequest request, JsonValue input, CancellationToken cancellationToken);

    /// <remarks><paramref name="input"/>: the request's input as the API's check parsed it (undefined when there is none).</remarks>
    Task<StartSyncExecutionResponse> StartSyncExecutionAsync(ExecutionTarget target, StartSyncExecutionRequest request, JsonValue input, CancellationToken cancellationToken);

    Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken);

    Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>Waits until the execution is no longer RUNNING, then describes it.</summary>
    Task<DescribeExecutionResponse> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken);

    Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>Lists executions of a state machine (standard type, existence checked) or of a Map Run.</summary>
    Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken);

    Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken);

    Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>Long-polls for a task of an existing activity.</summary>
    Task<GetActivityTaskResponse> GetActivityTaskAsync(GetActivityTaskRequest request, CancellationToken cancellationToken);

    Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken);

    Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken);

    Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken);

    Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken);

    Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken);

    Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken);

    Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken);

    /// <summary>Whether executions of the state machine are still running (DeleteStateMachine leaves it DELETING until they end).</summary>
    bool HasRunningExecutions(string stateMachineArn);

    /// <summary>
    /// DeleteStateMachine wrote DELETING: the state machine's running Standard executions fail at their next state
    /// transition (<c>States.Runtime</c>, "State machine NAME has been deleted."), as on AWS.
    /// </summary>
    void StateMachineDeleting(string stateMachineArn)
    {
    }
}

/// <summary>The engine used until the kernel is connected: every execution action fails with a clear message.</summary>
internal sealed class UnavailableExecutionEngine : IExecutionEngine
{
    public static UnavailableExecutionEngine Instance { get; } = new();

    public Task<StartExecutionResponse> StartExecutionAsync(ExecutionTarget target, StartExecutionRequest request, JsonValue input, CancellationToken cancellationToken) => Fail<StartExecutionResponse>("StartExecution");

    public Task<StartSyncExecutionResponse> StartSyncExecutionAsync(ExecutionTarget target, StartSyncExecutionRequest request, JsonValue input, CancellationToken cancellationToken) => Fail<StartSyncExecutionResponse>("StartSyncExecution");

    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken) => Fail<StopExecutionResponse>("StopExecution");

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken) => Fail<DescribeExecutionResponse>("DescribeExecution");

    public Task<DescribeExecutionResponse> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken) => Fail<DescribeExecutionResponse>("WaitForExecution");

    public Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken) => Fail<DescribeStateMachineForExecutionResponse>("DescribeStateMachineForExecution");

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken) => Fail<ListExecutionsResponse>("ListExecutions");

    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken) => Fail<GetExecutionHistoryResponse>("GetExecutionHistory");

    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken) => Fail<RedriveExecutionResponse>("RedriveExecution");

    public Task<GetActivityTaskResponse> GetActivityTaskAsync(GetActivityTaskRequest request, CancellationToken cancellationToken) => Fail<GetActivityTaskResponse>("GetActivityTask");

    public Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken) => Fail<SendTaskSuccessResponse>("SendTaskSuccess");

    public Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken) => Fail<SendTaskFailureResponse>("SendTaskFailure");

    public Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken) => Fail<SendTaskHeartbeatResponse>("SendTaskHeartbeat");

    public Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken) => Fail<DescribeMapRunResponse>("DescribeMapRun");

    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken) => Fail<ListMapRunsResponse>("ListMapRuns");

    public Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken) => Fail<UpdateMapRunResponse>("UpdateMapRun");

    public Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken) => Fail<TestStateResponse>("TestState");

    public bool HasRunningExecutions(string stateMachineArn) => false;

    private static Task<T> Fail<T>(string action) => Task.FromException<T>(new NotSupportedException(
        action + " is not available yet: the request is valid, but no execution engine is connected to this IStepFunctions " +
        "(the execution kernel integration is pending)."));
}

/// <summary>What an engine holds of the executions it ran (tests of what it drops).</summary>
/// <param name="Executions">Execution records.</param>
/// <param name="MapRuns">Map Runs.</param>
/// <param name="Children">Map Run child executions.</param>
/// <param name="RunsHeld">Execution records whose handle still holds its run.</param>
/// <param name="Journals">Journals in the engine's own memory (no store), or -1 under a store.</param>
internal readonly record struct KeptRecords(int Executions, int MapRuns, int Children, int RunsHeld, int Journals);
