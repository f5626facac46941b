using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Contains details about the events of an execution.</summary>
public sealed record HistoryEvent
{
    /// <summary>
    /// The event as GetExecutionHistory's JSON shows it, with only the members it has (a record's default text listed
    /// all forty details members, nearly all null): <c>{"id":3,"timestamp":"...","type":"TaskStateEntered","stateEnteredEventDetails":{...}}</c>.
    /// </summary>
    /// <returns>The event's JSON.</returns>
    public override string ToString() => System.Text.Json.JsonSerializer.Serialize(this, Engine.HistoryDetailsJson.Default.HistoryEvent);

    /// <summary>The id of the event. Events are numbered sequentially, starting at one.</summary>
    [JsonPropertyName("id")]
    public required long Id { get; init; }

    /// <summary>The date and time the event occurred, expressed in seconds and fractional milliseconds since the Unix epoch, which is defined as January 1, 1970, at 00:00:00 Coordinated Universal Time (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The type of the event.</summary>
    [JsonPropertyName("type")]
    public required HistoryEventType Type { get; init; }

    /// <summary>The details of a <c>ActivityFailed</c> event (null for an event of another type).</summary>
    [JsonPropertyName("activityFailedEventDetails")]
    public ActivityFailedEventDetails? ActivityFailedEventDetails { get; init; }

    /// <summary>The details of a <c>ActivityScheduled</c> event (null for an event of another type).</summary>
    [JsonPropertyName("activityScheduledEventDetails")]
    public ActivityScheduledEventDetails? ActivityScheduledEventDetails { get; init; }

    /// <summary>Contains details about an activity schedule event that failed during an execution.</summary>
    [JsonPropertyName("activityScheduleFailedEventDetails")]
    public ActivityScheduleFailedEventDetails? ActivityScheduleFailedEventDetails { get; init; }

    /// <summary>The details of a <c>ActivityStarted</c> event (null for an event of another type).</summary>
    [JsonPropertyName("activityStartedEventDetails")]
    public ActivityStartedEventDetails? ActivityStartedEventDetails { get; init; }

    /// <summary>The details of a <c>ActivitySucceeded</c> event (null for an event of another type).</summary>
    [JsonPropertyName("activitySucceededEventDetails")]
    public ActivitySucceededEventDetails? ActivitySucceededEventDetails { get; init; }

    /// <summary>The details of a <c>ActivityTimedOut</c> event (null for an event of another type).</summary>
    [JsonPropertyName("activityTimedOutEventDetails")]
    public ActivityTimedOutEventDetails? ActivityTimedOutEventDetails { get; init; }

    /// <summary>Contains details about an evaluation failure that occurred while processing a state.</summary>
    [JsonPropertyName("evaluationFailedEventDetails")]
    public EvaluationFailedEventDetails? EvaluationFailedEventDetails { get; init; }

    /// <summary>The details of a <c>ExecutionAborted</c> event (null for an event of another type).</summary>
    [JsonPropertyName("executionAbortedEventDetails")]
    public ExecutionAbortedEventDetails? ExecutionAbortedEventDetails { get; init; }

    /// <summary>The details of a <c>ExecutionFailed</c> event (null for an event of another type).</summary>
    [JsonPropertyName("executionFailedEventDetails")]
    public ExecutionFailedEventDetails? ExecutionFailedEventDetails { get; init; }

    /// <summary>Contains details about the redrive attempt of an execution.</summary>
    [JsonPropertyName("executionRedrivenEventDetails")]
    public ExecutionRedrivenEventDetails? ExecutionRedrivenEventDetails { get; init; }

    /// <summary>The details of a <c>ExecutionStarted</c> event (null for an event of another type).</summary>
    [JsonPropertyName("executionStartedEventDetails")]
    public ExecutionStartedEventDetails? ExecutionStartedEventDetails { get; init; }

    /// <summary>The details of a <c>ExecutionSucceeded</c> event (null for an event of another type).</summary>
    [JsonPropertyName("executionSucceededEventDetails")]
    public ExecutionSucceededEventDetails? ExecutionSucceededEventDetails { get; init; }

    /// <summary>The details of a <c>ExecutionTimedOut</c> event (null for an event of another type).</summary>
    [JsonPropertyName("executionTimedOutEventDetails")]
    public ExecutionTimedOutEventDetails? ExecutionTimedOutEventDetails { get; init; }

    /// <summary>The details of a <c>LambdaFunctionFailed</c> event (null for an event of another type).</summary>
    [JsonPropertyName("lambdaFunctionFailedEventDetails")]
    public LambdaFunctionFailedEventDetails? LambdaFunctionFailedEventDetails { get; init; }

    /// <summary>The details of a <c>LambdaFunctionScheduled</c> event (null for an event of another type).</summary>
    [JsonPropertyName("lambdaFunctionScheduledEventDetails")]
    public LambdaFunctionScheduledEventDetails? LambdaFunctionScheduledEventDetails { get; init; }

    /// <summary>The details of a <c>LambdaFunctionScheduleFailed</c> event (null for an event of another type).</summary>
    [JsonPropertyName("lambdaFunctionScheduleFailedEventDetails")]
    public LambdaFunctionScheduleFailedEventDetails? LambdaFunctionScheduleFailedEventDetails { get; init; }

    /// <summary>Contains details about a lambda function that failed to start during an execution.</summary>
    [JsonPropertyName("lambdaFunctionStartFailedEventDetails")]
    public LambdaFunctionStartFailedEventDetails? LambdaFunctionStartFailedEventDetails { get; init; }

    /// <summary>Contains details about a Lambda function that terminated successfully during an execution.</summary>
    [JsonPropertyName("lambdaFunctionSucceededEventDetails")]
    public LambdaFunctionSucceededEventDetails? LambdaFunctionSucceededEventDetails { get; init; }

    /// <summary>The details of a <c>LambdaFunctionTimedOut</c> event (null for an event of another type).</summary>
    [JsonPropertyName("lambdaFunctionTimedOutEventDetails")]
    public LambdaFunctionTimedOutEventDetails? LambdaFunctionTimedOutEventDetails { get; init; }

    /// <summary>Contains details about an iteration of a Map state that was aborted.</summary>
    [JsonPropertyName("mapIterationAbortedEventDetails")]
    public MapIterationEventDetails? MapIterationAbortedEventDetails { get; init; }

    /// <summary>Contains details about an iteration of a Map state that failed.</summary>
    [JsonPropertyName("mapIterationFailedEventDetails")]
    public MapIterationEventDetails? MapIterationFailedEventDetails { get; init; }

    /// <summary>Contains details about an iteration of a Map state that was started.</summary>
    [JsonPropertyName("mapIterationStartedEventDetails")]
    public MapIterationEventDetails? MapIterationStartedEventDetails { get; init; }

    /// <summary>Contains details about an iteration of a Map state that succeeded.</summary>
    [JsonPropertyName("mapIterationSucceededEventDetails")]
    public MapIterationEventDetails? MapIterationSucceededEventDetails { get; init; }

    /// <summary>Contains error and cause details about a Map Run that failed.</summary>
    [JsonPropertyName("mapRunFailedEventDetails")]
    public MapRunFailedEventDetails? MapRunFailedEventDetails { get; init; }

    /// <summary>Contains details about the redrive attempt of a Map Run.</summary>
    [JsonPropertyName("mapRunRedrivenEventDetails")]
    public MapRunRedrivenEventDetails? MapRunRedrivenEventDetails { get; init; }

    /// <summary>Contains details, such as mapRunArn, and the start date and time of a Map Run. mapRunArn is the Amazon Resource Name (ARN) of the Map Run that was started.</summary>
    [JsonPropertyName("mapRunStartedEventDetails")]
    public MapRunStartedEventDetails? MapRunStartedEventDetails { get; init; }

    /// <summary>Contains details about Map state that was started.</summary>
    [JsonPropertyName("mapStateStartedEventDetails")]
    public MapStateStartedEventDetails? MapStateStartedEventDetails { get; init; }

    /// <summary>The id of the previous event.</summary>
    [JsonPropertyName("previousEventId")]
    public long? PreviousEventId { get; init; }

    /// <summary>The details of a state's entered event (<c>TaskStateEntered</c>, <c>ChoiceStateEntered</c> ...): its name and input.</summary>
    [JsonPropertyName("stateEnteredEventDetails")]
    public StateEnteredEventDetails? StateEnteredEventDetails { get; init; }

    /// <summary>The details of a state's exited event (<c>TaskStateExited</c>, <c>ChoiceStateExited</c> ...): its name and output.</summary>
    [JsonPropertyName("stateExitedEventDetails")]
    public StateExitedEventDetails? StateExitedEventDetails { get; init; }

    /// <summary>Contains details about the failure of a task.</summary>
    [JsonPropertyName("taskFailedEventDetails")]
    public TaskFailedEventDetails? TaskFailedEventDetails { get; init; }

    /// <summary>Contains details about a task that was scheduled.</summary>
    [JsonPropertyName("taskScheduledEventDetails")]
    public TaskScheduledEventDetails? TaskScheduledEventDetails { get; init; }

    /// <summary>Contains details about a task that was started.</summary>
    [JsonPropertyName("taskStartedEventDetails")]
    public TaskStartedEventDetails? TaskStartedEventDetails { get; init; }

    /// <summary>Contains details about a task that failed to start.</summary>
    [JsonPropertyName("taskStartFailedEventDetails")]
    public TaskStartFailedEventDetails? TaskStartFailedEventDetails { get; init; }

    /// <summary>Contains details about a task that where the submit failed.</summary>
    [JsonPropertyName("taskSubmitFailedEventDetails")]
    public TaskSubmitFailedEventDetails? TaskSubmitFailedEventDetails { get; init; }

    /// <summary>Contains details about a submitted task.</summary>
    [JsonPropertyName("taskSubmittedEventDetails")]
    public TaskSubmittedEventDetails? TaskSubmittedEventDetails { get; init; }

    /// <summary>Contains details about a task that succeeded.</summary>
    [JsonPropertyName("taskSucceededEventDetails")]
    public TaskSucceededEventDetails? TaskSucceededEventDetails { get; init; }

    /// <summary>Contains details about a task that timed out.</summary>
    [JsonPropertyName("taskTimedOutEventDetails")]
    public TaskTimedOutEventDetails? TaskTimedOutEventDetails { get; init; }
}
