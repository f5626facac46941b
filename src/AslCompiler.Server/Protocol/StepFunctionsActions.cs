using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Server.Protocol;

/// <summary>
/// The 37 actions of the AWS Step Functions API (target prefix <c>AWSStepFunctions.</c>), each reading its request
/// from the wire body, calling <see cref="IStepFunctions"/> and writing the response.
/// </summary>
internal static class StepFunctionsActions
{
    /// <summary>The <c>X-Amz-Target</c> prefix of the Step Functions service (API version 2016-11-23).</summary>
    public const string TargetPrefix = "AWSStepFunctions.";

    /// <summary>
    /// Runs one action: request body (UTF-8 JSON) in, response body out. <paramref name="traceHeader"/> is the request's
    /// <c>X-Amzn-Trace-Id</c> header, or null.
    /// </summary>
    public delegate Task<byte[]> Invocation(IStepFunctions api, ReadOnlyMemory<byte> body, string? traceHeader, CancellationToken cancellationToken);

    /// <summary>Action name → invocation.</summary>
    public static FrozenDictionary<string, Invocation> All { get; } = new Dictionary<string, Invocation>(StringComparer.Ordinal)
    {
        ["CreateActivity"] = Action<CreateActivityRequest, CreateActivityResponse>((api, r, c) => api.CreateActivityAsync(r, c)),
        ["CreateStateMachine"] = Action<CreateStateMachineRequest, CreateStateMachineResponse>((api, r, c) => api.CreateStateMachineAsync(r, c)),
        ["CreateStateMachineAlias"] = Action<CreateStateMachineAliasRequest, CreateStateMachineAliasResponse>((api, r, c) => api.CreateStateMachineAliasAsync(r, c)),
        ["DeleteActivity"] = Action<DeleteActivityRequest, DeleteActivityResponse>((api, r, c) => api.DeleteActivityAsync(r, c)),
        ["DeleteStateMachine"] = Action<DeleteStateMachineRequest, DeleteStateMachineResponse>((api, r, c) => api.DeleteStateMachineAsync(r, c)),
        ["DeleteStateMachineAlias"] = Action<DeleteStateMachineAliasRequest, DeleteStateMachineAliasResponse>((api, r, c) => api.DeleteStateMachineAliasAsync(r, c)),
        ["DeleteStateMachineVersion"] = Action<DeleteStateMachineVersionRequest, DeleteStateMachineVersionResponse>((api, r, c) => api.DeleteStateMachineVersionAsync(r, c)),
        ["DescribeActivity"] = Action<DescribeActivityRequest, DescribeActivityResponse>((api, r, c) => api.DescribeActivityAsync(r, c)),
        ["DescribeExecution"] = Action<DescribeExecutionRequest, DescribeExecutionResponse>((api, r, c) => api.DescribeExecutionAsync(r, c)),
        ["DescribeMapRun"] = Action<DescribeMapRunRequest, DescribeMapRunResponse>((api, r, c) => api.DescribeMapRunAsync(r, c)),
        ["DescribeStateMachine"] = Action<DescribeStateMachineRequest, DescribeStateMachineResponse>((api, r, c) => api.DescribeStateMachineAsync(r, c)),
        ["DescribeStateMachineAlias"] = Action<DescribeStateMachineAliasRequest, DescribeStateMachineAliasResponse>((api, r, c) => api.DescribeStateMachineAliasAsync(r, c)),
        ["DescribeStateMachineForExecution"] = Action<DescribeStateMachineForExecutionRequest, DescribeStateMachineForExecutionResponse>((api, r, c) => api.DescribeStateMachineForExecutionAsync(r, c)),
        ["GetActivityTask"] = Action<GetActivityTaskRequest, GetActivityTaskResponse>((api, r, c) => api.GetActivityTaskAsync(r, c)),
        ["GetExecutionHistory"] = Action<GetExecutionHistoryRequest, GetExecutionHistoryResponse>((api, r, c) => api.GetExecutionHistoryAsync(r, c)),
        ["ListActivities"] = Action<ListActivitiesRequest, ListActivitiesResponse>((api, r, c) => api.ListActivitiesAsync(r, c)),
        ["ListExecutions"] = Action<ListExecutionsRequest, ListExecutionsResponse>((api, r, c) => api.ListExecutionsAsync(r, c)),
        ["ListMapRuns"] = Action<ListMapRunsRequest, ListMapRunsResponse>((api, r, c) => api.ListMapRunsAsync(r, c)),
        ["ListStateMachineAliases"] = Action<ListStateMachineAliasesRequest, ListStateMachineAliasesResponse>((api, r, c) => api.ListStateMachineAliasesAsync(r, c)),
        ["ListStateMachines"] = Action<ListStateMachinesRequest, ListStateMachinesResponse>((api, r, c) => api.ListStateMachinesAsync(r, c)),
        ["ListStateMachineVersions"] = Action<ListStateMachineVersionsRequest, ListStateMachineVersionsResponse>((api, r, c) => api.ListStateMachineVersionsAsync(r, c)),
        ["ListTagsForResource"] = Action<ListTagsForResourceRequest, ListTagsForResourceResponse>((api, r, c) => api.ListTagsForResourceAsync(r, c)),
        ["PublishStateMachineVersion"] = Action<PublishStateMachineVersionRequest, PublishStateMachineVersionResponse>((api, r, c) => api.PublishStateMachineVersionAsync(r, c)),
        ["RedriveExecution"] = Action<RedriveExecutionRequest, RedriveExecutionResponse>((api, r, c) => api.RedriveExecutionAsync(r, c)),
        ["SendTaskFailure"] = Action<SendTaskFailureRequest, SendTaskFailureResponse>((api, r, c) => api.SendTaskFailureAsync(r, c)),
        ["SendTaskHeartbeat"] = Action<SendTaskHeartbeatRequest, SendTaskHeartbeatResponse>((api, r, c) => api.SendTaskHeartbeatAsync(r, c)),
        ["SendTaskSuccess"] = Action<SendTaskSuccessRequest, SendTaskSuccessResponse>((api, r, c) => api.SendTaskSuccessAsync(r, c)),
        // "If both sources are provided, Step Functions will use the header value (preferred) over the value in the request body."
        ["StartExecution"] = TracedAction<StartExecutionRequest, StartExecutionResponse>((api, r, trace, c) => api.StartExecutionAsync(trace is null ? r : r with { TraceHeader = trace }, c)),
        ["StartSyncExecution"] = TracedAction<StartSyncExecutionRequest, StartSyncExecutionResponse>((api, r, trace, c) => api.StartSyncExecutionAsync(trace is null ? r : r with { TraceHeader = trace }, c)),
        ["StopExecution"] = Action<StopExecutionRequest, StopExecutionResponse>((api, r, c) => api.StopExecutionAsync(r, c)),
        ["TagResource"] = Action<TagResourceRequest, TagResourceResponse>((api, r, c) => api.TagResourceAsync(r, c)),
        ["TestState"] = Action<TestStateRequest, TestStateResponse>((api, r, c) => api.TestStateAsync(r, c)),
        ["UntagResource"] = Action<UntagResourceRequest, UntagResourceResponse>((api, r, c) => api.UntagResourceAsync(r, c)),
        ["UpdateMapRun"] = Action<UpdateMapRunRequest, UpdateMapRunResponse>((api, r, c) => api.UpdateMapRunAsync(r, c)),
        ["UpdateStateMachine"] = Action<UpdateStateMachineRequest, UpdateStateMachineResponse>((api, r, c) => api.UpdateStateMachineAsync(r, c)),
        ["UpdateStateMachineAlias"] = Action<UpdateStateMachineAliasRequest, UpdateStateMachineAliasResponse>((api, r, c) => api.UpdateStateMachineAliasAsync(r, c)),
        ["ValidateStateMachineDefinition"] = Action<ValidateStateMachineDefinitionRequest, ValidateStateMachineDefinitionResponse>((api, r, c) => api.ValidateStateMachineDefinitionAsync(r, c)),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Invocation Action<TRequest, TResponse>(Func<IStepFunctions, TRequest, CancellationToken, Task<TResponse>> call)
        where TRequest : class =>
        TracedAction<TRequest, TResponse>((api, request, _, cancellationToken) => call(api, request, cancellationToken));

    /// <summary>An action that also takes the request's <c>X-Amzn-Trace-Id</c> header.</summary>
    private static Invocation TracedAction<TRequest, TResponse>(Func<IStepFunctions, TRequest, string?, CancellationToken, Task<TResponse>> call)
        where TRequest : class
    {
        return async (api, body, traceHeader, cancellationToken) =>
        {
            var request = WireRequestReader.Read<TRequest>(body);
            var response = await call(api, request, traceHeader, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(response, WireJson.Options);
        };
    }
}
