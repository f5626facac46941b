using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;
using Kernel = AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// <see cref="ApiHistoryEvents"/> turns the kernel's events into the API's directly. The reference here is the event's
/// JSON text (as GetExecutionHistory shows it) read by System.Text.Json into <see cref="HistoryEvent"/>: the two must give
/// the same event, with and without the execution data. ExecutionCorpusTests holds every event of every recorded
/// execution to that; these cover the shapes one by one, and the API's adjustments (role, alias, a stop's error).
/// </summary>
public sealed class ApiHistoryEventsTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Where <paramref name="history"/>'s events read otherwise directly than through their JSON text, or null.</summary>
    internal static string? ConversionProblem(Kernel.ExecutionHistory history)
    {
        foreach (var e in history.Events)
        {
            foreach (var includeData in (ReadOnlySpan<bool>)[true, false])
            {
                var direct = JsonSerializer.Serialize(ApiHistoryEvents.From(e, includeData), Json);
                var reference = JsonSerializer.Serialize(ThroughJsonText(e, includeData), Json);
                if (direct != reference)
                {
                    return $"event {e.Id} ({e.Type}, includeData {includeData}): {direct} != {reference}";
                }
            }
        }

        return null;
    }

    [Fact]
    public void A_state_entered_and_exited_event_read_as_through_their_text()
    {
        var history = RunHistory("""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"n":1,"who.$":"$.name"},"Next":"Plain"},
              "Plain":{"Type":"Pass","End":true}}}
            """, """{"name":"Ann"}""");
        Assert.Null(ConversionProblem(history));

        var exit = history.Events.First(e => e.Type == "PassStateExited");
        var withData = ApiHistoryEvents.From(exit, includeData: true).StateExitedEventDetails!;
        Assert.Equal("Set", withData.Name);
        Assert.Equal("""{"name":"Ann"}""", withData.Output);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "1", ["who"] = "\"Ann\"" }, withData.AssignedVariables);
        Assert.False(withData.OutputDetails!.Truncated);

        var withoutData = ApiHistoryEvents.From(exit, includeData: false).StateExitedEventDetails!;
        Assert.Null(withoutData.Output);
        Assert.NotNull(withoutData.OutputDetails);
        Assert.NotNull(withoutData.AssignedVariables);
    }

    [Fact]
    public void Map_iterations_tasks_and_failures_read_as_through_their_text()
    {
        var history = RunHistory("""
            {"StartAt":"Each","States":{
              "Each":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"Call","States":{
                "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1,"IntervalSeconds":1}],"End":true}}},
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Fail"}],"End":true},
              "Fail":{"Type":"Fail","Error":"Bad","Cause":"it failed"}}}
            """, """{"items":[1,2]}""");
        Assert.Contains(history.Events, e => e.Type == "MapIterationFailed");
        Assert.Contains(history.Events, e => e.Type == "TaskFailed");
        Assert.Contains(history.Events, e => e.Type == "ExecutionFailed");
        Assert.Null(ConversionProblem(history));

        var iteration = ApiHistoryEvents.From(history.Events.First(e => e.Type == "MapIterationStarted"), includeData: true);
        Assert.Equal(new MapIterationEventDetails { Name = "Each", Index = 0 }, iteration.MapIterationStartedEventDetails);
        var scheduled = ApiHistoryEvents.From(history.Events.First(e => e.Type == "TaskScheduled"), includeData: true).TaskScheduledEventDetails!;
        Assert.Equal("lambda", scheduled.ResourceType);
        Assert.Equal("invoke", scheduled.Resource);
    }

    [Fact]
    public void An_event_reads_as_its_JSON_with_only_the_members_it_has()
    {
        var e = new Kernel.HistoryEvent(3, 2, new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero), "PassStateEntered", "stateEnteredEventDetails", JsonValue.Parse("""{"name":"A","input":"{}","inputDetails":{"truncated":false}}"""));

        var text = ApiHistoryEvents.From(e, includeData: true).ToString();

        // A record's own text listed all forty details members, nearly all null.
        Assert.Equal("""{"id":3,"timestamp":"2026-12-06T08:00:00+00:00","type":"PassStateEntered","previousEventId":2,"stateEnteredEventDetails":{"name":"A","input":"{}","inputDetails":{"truncated":false}}}""", text);
    }

    [Fact]
    public void Timestamps_are_whole_milliseconds_in_utc()
    {
        var at = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var e = new Kernel.HistoryEvent(3, 2, at, "PassStateEntered", "stateEnteredEventDetails", JsonValue.Parse("""{"name":"A","input":"{}","inputDetails":{"truncated":false}}"""));

        var converted = ApiHistoryEvents.From(e, includeData: true);

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, 123, TimeSpan.Zero), converted.Timestamp);
        Assert.Equal(TimeSpan.Zero, converted.Timestamp.Offset);
        Assert.Equal(3, converted.Id);
        Assert.Equal(2, converted.PreviousEventId);
        Assert.Equal("{}", converted.StateEnteredEventDetails!.Input);
        Assert.Null(ApiHistoryEvents.From(e, includeData: false).StateEnteredEventDetails!.Input);
    }

    [Fact]
    public void An_event_this_api_cannot_show_keeps_its_id_without_details()
    {
        var at = DateTimeOffset.UnixEpoch;
        var unknownType = new Kernel.HistoryEvent(5, 4, at, "SomethingNew", "somethingNewEventDetails", JsonValue.Parse("""{"a":1}"""));
        var badDetails = new Kernel.HistoryEvent(6, 5, at, "TaskScheduled", "taskScheduledEventDetails", JsonValue.Parse("""{"resource":1}"""));

        foreach (var e in new[] { unknownType, badDetails })
        {
            var converted = ApiHistoryEvents.From(e, includeData: true);
            Assert.Equal(e.Id, converted.Id);
            Assert.Null(converted.TaskScheduledEventDetails);
            Assert.Equal(JsonSerializer.Serialize(ThroughJsonText(e, includeData: true), Json), JsonSerializer.Serialize(converted, Json));
        }
    }

    [Fact]
    public async Task The_api_adds_the_role_alias_and_a_stop_s_error_to_the_events()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("Waits", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        var version = (await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = machine })).StateMachineVersionArn;
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "live",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = version, Weight = 100 }],
        })).StateMachineAliasArn;
        var arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = alias, Input = "{}" })).ExecutionArn;
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Halt", Cause = "by test" });
        await sfn.WaitAsync(arn);

        var events = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, IncludeExecutionData = false })).Events;

        var started = events[0].ExecutionStartedEventDetails!;
        Assert.Equal(alias, started.StateMachineAliasArn);
        Assert.Equal(version, started.StateMachineVersionArn);
        Assert.False(string.IsNullOrEmpty(started.RoleArn));
        Assert.Null(started.Input);
        var aborted = events[^1].ExecutionAbortedEventDetails!;
        Assert.Equal("Halt", aborted.Error);
        Assert.Equal("by test", aborted.Cause);
    }

    /// <summary>The event's JSON text as GetExecutionHistory shows it, without input and output unless asked, read into the API's type.</summary>
    private static HistoryEvent ThroughJsonText(Kernel.HistoryEvent e, bool includeData)
    {
        var node = JsonNode.Parse(e.ToJson().ToJsonString())!.AsObject();
        if (!includeData && node[e.DetailsName ?? string.Empty] is JsonObject details)
        {
            details.Remove("input");
            details.Remove("output");
        }

        try
        {
            return node.Deserialize<HistoryEvent>(Json)!;
        }
        catch (JsonException)
        {
            return new HistoryEvent
            {
                Id = e.Id,
                PreviousEventId = e.PreviousEventId,
                Timestamp = DateTimeOffset.Parse(node["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Type = WireName.TryParse<HistoryEventType>(e.Type, out var type) ? type : HistoryEventType.PassStateEntered,
            };
        }
    }

    private static Kernel.ExecutionHistory RunHistory(string definition, string input)
    {
        var handlers = new TaskHandlerRegistry().Register("*", _ => throw new InvalidOperationException("no such function"));
        var kernel = new Kernel.ExecutionKernel(new Kernel.ExecutionOptions { TaskHandlers = handlers, TimeProvider = new VirtualTimeProvider(DateTimeOffset.UnixEpoch) });
        var run = kernel.RunAsync(Interpreter.AslInterpreter.Compile(definition), JsonValue.Parse(input), new Kernel.ExecutionRequest { RecordHistory = true });
        var result = VirtualClock.RunAsync((VirtualTimeProvider)kernel.Options.TimeProvider, run.AsTask(), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return result.History!;
    }
}
