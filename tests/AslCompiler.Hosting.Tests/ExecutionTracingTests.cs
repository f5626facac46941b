using System.Diagnostics;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class ExecutionTracingTests
{
    private static async Task<IReadOnlyList<Activity>> RunAsync(string definition, bool tracing, string? traceHeader = null, bool traceAll = false)
    {
        using var spans = new SpanCollector();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o => o.TraceAllExecutions = traceAll);
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, definition, tracing: tracing);
        var done = await Workflows.RunAsync(stepFunctions, arn, traceHeader: traceHeader);
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
