using System.Diagnostics;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class ExecutionTracingTests
{
    private static async Task<IReadOnlyList<Activity>> RunAsync(string definition, bool tracing, string? traceHeader = null, bool traceAll = false, string input = "{}")
    {
        using var spans = new SpanCollector();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o => o.TraceAllExecutions = traceAll);
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, definition, tracing: tracing);
        var done = await Workflows.RunAsync(stepFunctions, arn, input, traceHeader);
        await host.StopAsync();
        return spans.Of(done.ExecutionArn);
    }

    [Fact]
    public async Task A_traced_execution_has_a_span_with_a_child_per_state_nested_like_the_branches()
    {
        var spans = await RunAsync(Workflows.ParallelOfPasses, tracing: true);

        var execution = Assert.Single(spans, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        var states = spans.Where(s => s != execution).ToDictionary(s => (string)s.GetTagItem(AslCompilerTelemetryNames.StateNameTag)!);
        Assert.Equal(["A1", "A2", "B1", "Done", "Fork"], states.Keys.Order());
        Assert.Equal(execution.SpanId, states["Fork"].ParentSpanId);
        Assert.Equal(execution.SpanId, states["Done"].ParentSpanId);
        Assert.Equal(states["Fork"].SpanId, states["A1"].ParentSpanId);
        Assert.Equal(states["Fork"].SpanId, states["A2"].ParentSpanId);
        Assert.Equal(states["Fork"].SpanId, states["B1"].ParentSpanId);
        Assert.All(spans, s => Assert.Equal(execution.TraceId, s.TraceId));
        Assert.Equal("Parallel", states["Fork"].GetTagItem(AslCompilerTelemetryNames.StateTypeTag));
        Assert.Equal("SUCCEEDED", execution.GetTagItem(AslCompilerTelemetryNames.ExecutionStatusTag));
        Assert.Equal(ActivityStatusCode.Unset, execution.Status);
        var timeline = string.Join(", ", spans.Select(s => s.DisplayName + " " + s.StartTimeUtc.ToString("HH:mm:ss.fffffff") + "+" + s.Duration.TotalMilliseconds));
        Assert.True(states["Fork"].StartTimeUtc <= states["A1"].StartTimeUtc, timeline);
        // History timestamps have millisecond resolution, and so do the spans made from them.
        Assert.True(states["A2"].StartTimeUtc + states["A2"].Duration <= states["Fork"].StartTimeUtc + states["Fork"].Duration + TimeSpan.FromMilliseconds(1), timeline);
    }

    [Fact]
    public async Task A_traceparent_given_to_StartExecution_is_the_parent_of_the_execution_span()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        const string parentId = "b7ad6b7169203331";

        var spans = await RunAsync(Workflows.Pass, tracing: true, traceHeader: "00-" + traceId + "-" + parentId + "-01");

        var execution = Assert.Single(spans, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        Assert.Equal(traceId, execution.TraceId.ToHexString());
        Assert.Equal(parentId, execution.ParentSpanId.ToHexString());
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId.ToHexString()));
    }

    [Fact]
    public async Task A_handler_runs_under_a_call_span_of_the_execution_trace_and_a_child_execution_continues_it()
    {
        // The handler's own spans and outgoing calls (an HttpClient's traceparent) follow Activity.Current: before, no
        // span was ambient for the handler, which started new traces, and a child execution began a trace of its own.
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var spans = new SpanCollector();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string State, ActivityTraceId Trace, ActivitySpanId Span)>();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddTaskHandler(Workflows.GreetArn, invocation =>
        {
            seen.Enqueue((invocation.StateName, Activity.Current?.TraceId ?? default, Activity.Current?.SpanId ?? default));
            return ValueTask.FromResult<Runtime.Json.JsonValue>("hi");
        });
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var child = await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn), tracing: true);
        var parent = await Workflows.CreateAsync(stepFunctions, """
            {"StartAt":"Greet","States":{
              "Greet":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Greet","ResultPath":"$.greeting","Next":"Child"},
              "Child":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2","Parameters":{"StateMachineArn":"
            """.Trim() + child + """
            "},"End":true}}}
            """.Trim(), tracing: true);

        var done = await Workflows.RunAsync(stepFunctions, parent, traceHeader: "00-" + traceId + "-b7ad6b7169203331-01");
        await host.StopAsync();

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        var parentSpans = spans.Of(done.ExecutionArn);
        var calls = parentSpans.Where(s => s.DisplayName.EndsWith(" call", StringComparison.Ordinal)).ToDictionary(s => (string)s.GetTagItem(AslCompilerTelemetryNames.StateNameTag)!);
        Assert.Equal(["Child", "Greet"], calls.Keys.Order());
        Assert.All(calls.Values, call => Assert.Equal(traceId, call.TraceId.ToHexString()));
        Assert.All(calls.Values, call => Assert.Equal(ActivityKind.Client, call.Kind));
        Assert.Equal(Workflows.GreetArn, calls["Greet"].GetTagItem(AslCompilerTelemetryNames.TaskResourceTag));

        // The parent's handler ran under its call span; the child execution's span is a child of the parent's call span,
        // and the child's handler ran under the child's own call span, all in one trace.
        var handlerCalls = seen.ToList();
        Assert.Equal(2, handlerCalls.Count);
        Assert.All(handlerCalls, call => Assert.Equal(traceId, call.Trace.ToHexString()));
        Assert.Contains(handlerCalls, call => call.Span == calls["Greet"].SpanId);
        var childExecution = Assert.Single(spans.Of(ChildExecutionArn(spans, traceId, done.ExecutionArn)), s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        Assert.Equal(calls["Child"].SpanId, childExecution.ParentSpanId);
        Assert.Equal(traceId, childExecution.TraceId.ToHexString());
    }

    /// <summary>The ARN of the one execution other than <paramref name="parentArn"/> with spans in the trace.</summary>
    private static string ChildExecutionArn(SpanCollector spans, string traceId, string parentArn) =>
        spans.All.Where(s => s.TraceId.ToHexString() == traceId)
            .Select(s => s.GetTagItem(AslCompilerTelemetryNames.ExecutionArnTag) as string)
            .Where(arn => arn is not null && arn != parentArn)
            .Distinct()
            .Single()!;

    [Fact]
    public async Task A_failing_branch_leaves_the_Parallels_and_the_executions_ends_on_their_own_spans()
    {
        using var spans = new SpanCollector();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddTaskHandler(Workflows.GreetArn, _ => throw new Runtime.Execution.TaskFailedException("Greet.Refused", "no"));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, """
            {"StartAt":"Fork","States":{"Fork":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Greet","States":{"Greet":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Greet","End":true}}},
              {"StartAt":"Hold","States":{"Hold":{"Type":"Wait","Seconds":30,"End":true}}}]}}}
            """, tracing: true);

        var done = await Workflows.RunAsync(stepFunctions, arn);
        await host.StopAsync();

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        var all = spans.Of(done.ExecutionArn);
        var execution = Assert.Single(all, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        var fork = Assert.Single(all, s => s.DisplayName == "Fork");
        var greet = Assert.Single(all, s => s.DisplayName == "Greet");
        Assert.Contains(fork.Events, e => e.Name == "ParallelStateFailed");
        Assert.Contains(execution.Events, e => e.Name == "ExecutionFailed");
        Assert.DoesNotContain(greet.Events, e => e.Name is "ParallelStateFailed" or "ExecutionFailed");
        Assert.Contains(greet.Events, e => e.Name == "LambdaFunctionFailed" && (string?)e.Tags.FirstOrDefault(t => t.Key == "error.type").Value == "Greet.Refused");

        // error.type names errors, never an event type.
        Assert.DoesNotContain(all.SelectMany(s => s.Events), e => e.Tags.Any(t => t.Key == "error.type" && ((string?)t.Value)?.EndsWith("Aborted", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task The_states_of_a_Map_iteration_are_tagged_with_its_item_index()
    {
        var spans = await RunAsync("""
            {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":{
              "ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Price","States":{"Price":{"Type":"Pass","Next":"Tax"},"Tax":{"Type":"Pass","End":true}}}}}}
            """, tracing: true, input: """{"items":[10,20,30]}""");

        var each = Assert.Single(spans, s => s.DisplayName == "Each");
        Assert.Null(each.GetTagItem(AslCompilerTelemetryNames.MapIterationTag));
        foreach (var name in new[] { "Price", "Tax" })
        {
            var states = spans.Where(s => s.DisplayName == name).ToList();
            Assert.Equal([0, 1, 2], states.Select(s => (int)s.GetTagItem(AslCompilerTelemetryNames.MapIterationTag)!).Order());
            Assert.All(states, s => Assert.Equal(each.SpanId, s.ParentSpanId));
        }
    }

    [Fact]
    public async Task No_spans_unless_the_state_machine_enables_tracing()
    {
        Assert.Empty(await RunAsync(Workflows.Pass, tracing: false));
    }

    [Fact]
    public async Task TraceAllExecutions_records_spans_for_every_execution()
    {
        Assert.Equal(2, (await RunAsync(Workflows.Pass, tracing: false, traceAll: true)).Count);
    }

    [Fact]
    public async Task A_failed_execution_span_has_an_error_status_naming_the_error()
    {
        var spans = await RunAsync(Workflows.Fails, tracing: true);

        var execution = Assert.Single(spans, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        Assert.Equal(ActivityStatusCode.Error, execution.Status);
        Assert.Equal("Custom.Boom", execution.StatusDescription);
        Assert.Equal("FAILED", execution.GetTagItem(AslCompilerTelemetryNames.ExecutionStatusTag));
        var fail = Assert.Single(spans, s => (string?)s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) == "Boom");
        Assert.Equal(execution.SpanId, fail.ParentSpanId);
    }

    [Fact]
    public async Task Recording_spans_leaves_the_ambient_activity_alone()
    {
        using var spans = new SpanCollector();
        using var ambient = new Activity("caller").Start();
        var observer = new ExecutionTelemetry(traceAllExecutions: true);

        var observation = await Workflows.ReplayAsync(observer, Workflows.ParallelOfPasses, tracing: true);

        Assert.Same(ambient, Activity.Current);
        Assert.Equal(6, spans.Of(observation.ExecutionArn).Count);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", true)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", "5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", false)]
    public void Trace_headers_in_W3C_and_XRay_form_are_read(string header, string traceId, string spanId, bool sampled)
    {
        Assert.True(TraceHeader.TryParse(header, out var context));
        Assert.Equal(traceId, context.TraceId.ToHexString());
        Assert.Equal(spanId, context.SpanId.ToHexString());
        Assert.Equal(sampled, context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded));
        Assert.True(context.IsRemote);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")]
    public void Other_trace_headers_are_ignored(string? header)
    {
        Assert.False(TraceHeader.TryParse(header, out _));
    }
}
