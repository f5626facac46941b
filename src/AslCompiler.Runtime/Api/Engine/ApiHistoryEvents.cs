using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AslCompiler.Runtime.Json;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// A kernel history event as the API's <see cref="HistoryEvent"/>: what GetExecutionHistory pages and every observer that
/// reads events are given. A state's entered and exited events and a Map iteration's (most of a history) are built
/// directly from what the kernel keeps; any other event's details object is read into its type from its JSON text.
/// </summary>
internal static class ApiHistoryEvents
{
    // Immutable records, so every event shares them.
    private static readonly HistoryEventExecutionDataDetails NotTruncated = new() { Truncated = false };
    private static readonly AssignedVariablesDetails VariablesNotTruncated = new() { Truncated = false };

    /// <summary>
    /// The API event of <paramref name="kernelEvent"/>, without its details' <c>input</c> and <c>output</c> unless
    /// <paramref name="includeData"/>. Its timestamp is whole milliseconds, as the wire carries it. An event type or a
    /// details object this API version cannot represent is kept without details, so the ids stay contiguous.
    /// </summary>
    internal static HistoryEvent From(Execution.HistoryEvent kernelEvent, bool includeData)
    {
        var known = WireName.TryParse<HistoryEventType>(kernelEvent.Type, out var type);
        if (!known || kernelEvent.DetailsName is not { } detailsName)
        {
            return Event(kernelEvent, known ? type : HistoryEventType.PassStateEntered);
        }

        try
        {
            return kernelEvent.StateName is { } stateName
                ? StateEvent(kernelEvent, type, detailsName, stateName, includeData)
                : WithDetails(Event(kernelEvent, type), detailsName, kernelEvent.HeldDetails, includeData);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Event(kernelEvent, type);
        }
    }

    /// <summary>The event with at most one of the details a state's or a Map iteration's event has (made in one piece: the record is large).</summary>
    private static HistoryEvent Event(
        Execution.HistoryEvent kernelEvent,
        HistoryEventType type,
        StateEnteredEventDetails? entered = null,
        StateExitedEventDetails? exited = null,
        MapIterationEventDetails? iterationStarted = null,
        MapIterationEventDetails? iterationSucceeded = null,
        MapIterationEventDetails? iterationFailed = null,
        MapIterationEventDetails? iterationAborted = null)
    {
        var utc = kernelEvent.Timestamp.UtcTicks;
        return new HistoryEvent
        {
            Id = kernelEvent.Id,
            PreviousEventId = kernelEvent.PreviousEventId,
            Timestamp = new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            Type = type,
            StateEnteredEventDetails = entered,
            StateExitedEventDetails = exited,
            MapIterationStartedEventDetails = iterationStarted,
            MapIterationSucceededEventDetails = iterationSucceeded,
            MapIterationFailedEventDetails = iterationFailed,
            MapIterationAbortedEventDetails = iterationAborted,
        };
    }

    /// <summary>A state's entered or exited event, or a Map iteration's, from the name and text the kernel kept.</summary>
    private static HistoryEvent StateEvent(Execution.HistoryEvent kernelEvent, HistoryEventType type, string detailsName, string stateName, bool includeData)
    {
        if (kernelEvent.StateData is not { } data)
        {
            var iteration = new MapIterationEventDetails
            {
                Name = stateName,
                Index = kernelEvent.HeldDetails.TryGetInt32(out var index) ? index : throw new FormatException("A Map iteration's index is not an integer."),
            };
            return detailsName switch
            {
                "mapIterationStartedEventDetails" => Event(kernelEvent, type, iterationStarted: iteration),
                "mapIterationSucceededEventDetails" => Event(kernelEvent, type, iterationSucceeded: iteration),
                "mapIterationFailedEventDetails" => Event(kernelEvent, type, iterationFailed: iteration),
                "mapIterationAbortedEventDetails" => Event(kernelEvent, type, iterationAborted: iteration),
                _ => Event(kernelEvent, type),
            };
        }

        switch (detailsName)
        {
            case "stateEnteredEventDetails":
                return Event(kernelEvent, type, entered: new StateEnteredEventDetails { Name = stateName, Input = includeData ? data : null, InputDetails = NotTruncated });
            case "stateExitedEventDetails":
                var assigned = kernelEvent.HeldDetails;
                return Event(kernelEvent, type, exited: new StateExitedEventDetails
                {
                    Name = stateName,
                    Output = includeData ? data : null,
                    OutputDetails = NotTruncated,
                    AssignedVariables = assigned.IsUndefined ? null : Variables(assigned.GetObject()),
                    AssignedVariablesDetails = assigned.IsUndefined ? null : VariablesNotTruncated,
                });
            default:
                return Event(kernelEvent, type);
        }
    }

    /// <summary>An exit's assigned variables: each name to its value's JSON text, in the order assigned.</summary>
    private static Dictionary<string, string> Variables(JsonObjectValue assigned)
    {
        var variables = new Dictionary<string, string>(assigned.Count, StringComparer.Ordinal);
        foreach (var (name, text) in assigned.AsSpan())
        {
            variables[name] = text.GetString();
        }

        return variables;
    }

    /// <summary>Any other event's details: the object, without input and output unless asked, read into its type.</summary>
    private static HistoryEvent WithDetails(HistoryEvent evt, string detailsName, JsonValue details, bool includeData)
    {
        if (!details.TryGetObject(out var members))
        {
            return evt;
        }

        if (!includeData)
        {
            members = members.Remove("input").Remove("output");
        }

        var json = JsonValue.FromObject(members).ToJsonString();
        return detailsName switch
        {
            "activityFailedEventDetails" => evt with { ActivityFailedEventDetails = Read<ActivityFailedEventDetails>(json) },
            "activityScheduledEventDetails" => evt with { ActivityScheduledEventDetails = Read<ActivityScheduledEventDetails>(json) },
            "activityScheduleFailedEventDetails" => evt with { ActivityScheduleFailedEventDetails = Read<ActivityScheduleFailedEventDetails>(json) },
            "activityStartedEventDetails" => evt with { ActivityStartedEventDetails = Read<ActivityStartedEventDetails>(json) },
            "activitySucceededEventDetails" => evt with { ActivitySucceededEventDetails = Read<ActivitySucceededEventDetails>(json) },
            "activityTimedOutEventDetails" => evt with { ActivityTimedOutEventDetails = Read<ActivityTimedOutEventDetails>(json) },
            "evaluationFailedEventDetails" => evt with { EvaluationFailedEventDetails = Read<EvaluationFailedEventDetails>(json) },
            "executionAbortedEventDetails" => evt with { ExecutionAbortedEventDetails = Read<ExecutionAbortedEventDetails>(json) },
            "executionFailedEventDetails" => evt with { ExecutionFailedEventDetails = Read<ExecutionFailedEventDetails>(json) },
            "executionRedrivenEventDetails" => evt with { ExecutionRedrivenEventDetails = Read<ExecutionRedrivenEventDetails>(json) },
            "executionStartedEventDetails" => evt with { ExecutionStartedEventDetails = Read<ExecutionStartedEventDetails>(json) },
            "executionSucceededEventDetails" => evt with { ExecutionSucceededEventDetails = Read<ExecutionSucceededEventDetails>(json) },
            "executionTimedOutEventDetails" => evt with { ExecutionTimedOutEventDetails = Read<ExecutionTimedOutEventDetails>(json) },
            "lambdaFunctionFailedEventDetails" => evt with { LambdaFunctionFailedEventDetails = Read<LambdaFunctionFailedEventDetails>(json) },
            "lambdaFunctionScheduledEventDetails" => evt with { LambdaFunctionScheduledEventDetails = Read<LambdaFunctionScheduledEventDetails>(json) },
            "lambdaFunctionScheduleFailedEventDetails" => evt with { LambdaFunctionScheduleFailedEventDetails = Read<LambdaFunctionScheduleFailedEventDetails>(json) },
            "lambdaFunctionStartFailedEventDetails" => evt with { LambdaFunctionStartFailedEventDetails = Read<LambdaFunctionStartFailedEventDetails>(json) },
            "lambdaFunctionSucceededEventDetails" => evt with { LambdaFunctionSucceededEventDetails = Read<LambdaFunctionSucceededEventDetails>(json) },
            "lambdaFunctionTimedOutEventDetails" => evt with { LambdaFunctionTimedOutEventDetails = Read<LambdaFunctionTimedOutEventDetails>(json) },
            "mapIterationAbortedEventDetails" => evt with { MapIterationAbortedEventDetails = Read<MapIterationEventDetails>(json) },
            "mapIterationFailedEventDetails" => evt with { MapIterationFailedEventDetails = Read<MapIterationEventDetails>(json) },
            "mapIterationStartedEventDetails" => evt with { MapIterationStartedEventDetails = Read<MapIterationEventDetails>(json) },
            "mapIterationSucceededEventDetails" => evt with { MapIterationSucceededEventDetails = Read<MapIterationEventDetails>(json) },
            "mapRunFailedEventDetails" => evt with { MapRunFailedEventDetails = Read<MapRunFailedEventDetails>(json) },
            "mapRunRedrivenEventDetails" => evt with { MapRunRedrivenEventDetails = Read<MapRunRedrivenEventDetails>(json) },
            "mapRunStartedEventDetails" => evt with { MapRunStartedEventDetails = Read<MapRunStartedEventDetails>(json) },
            "mapStateStartedEventDetails" => evt with { MapStateStartedEventDetails = Read<MapStateStartedEventDetails>(json) },
            "stateEnteredEventDetails" => evt with { StateEnteredEventDetails = Read<StateEnteredEventDetails>(json) },
            "stateExitedEventDetails" => evt with { StateExitedEventDetails = Read<StateExitedEventDetails>(json) },
            "taskFailedEventDetails" => evt with { TaskFailedEventDetails = Read<TaskFailedEventDetails>(json) },
            "taskScheduledEventDetails" => evt with { TaskScheduledEventDetails = Read<TaskScheduledEventDetails>(json) },
            "taskStartedEventDetails" => evt with { TaskStartedEventDetails = Read<TaskStartedEventDetails>(json) },
            "taskStartFailedEventDetails" => evt with { TaskStartFailedEventDetails = Read<TaskStartFailedEventDetails>(json) },
            "taskSubmitFailedEventDetails" => evt with { TaskSubmitFailedEventDetails = Read<TaskSubmitFailedEventDetails>(json) },
            "taskSubmittedEventDetails" => evt with { TaskSubmittedEventDetails = Read<TaskSubmittedEventDetails>(json) },
            "taskSucceededEventDetails" => evt with { TaskSucceededEventDetails = Read<TaskSucceededEventDetails>(json) },
            "taskTimedOutEventDetails" => evt with { TaskTimedOutEventDetails = Read<TaskTimedOutEventDetails>(json) },
            _ => evt,
        };
    }

    // The details types' metadata is generated at build time (HistoryDetailsJson): no reflection, so a trimmed or
    // ahead-of-time compiled app reads them as a JIT-compiled one does.
    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)HistoryDetailsJson.Default.GetTypeInfo(typeof(T))!) ?? throw new JsonException("The details are null.");
}

/// <summary>
/// The JSON of a history event and every details type it holds (enums as their wire names, absent members left out, as
/// GetExecutionHistory answers), generated at compile time.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryEvent))]
internal sealed partial class HistoryDetailsJson : JsonSerializerContext;
