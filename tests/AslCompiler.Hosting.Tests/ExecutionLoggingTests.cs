using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using StatesLogLevel = AslCompiler.Runtime.Api.LogLevel;
using TaskFailedException = AslCompiler.Runtime.Execution.TaskFailedException;

namespace AslCompiler.Hosting.Tests;

public class ExecutionLoggingTests
{
    private const string FlakyArn = "arn:aws:lambda:us-east-1:123456789012:function:Flaky";

    // A Lambda task fails (an ERROR event), is caught into a Fail state (ERROR), and the execution fails (FATAL).
    private const string CaughtThenFailed = """
        {"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Flaky","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Give up"}],"End":true},
          "Give up":{"Type":"Fail","Error":"Custom.GaveUp","Cause":"the task failed"}}}
        """;

    private static readonly string[] AllEvents =
        ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "FailStateEntered", "ExecutionFailed"];

    private static async Task<(List<LogRecord> Records, string ExecutionArn)> RunAsync(
        StatesLogLevel level, bool includeData, string definition = CaughtThenFailed, string input = """{"secret":"s3cr3t"}""", bool tracing = false, string? traceHeader = null)
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.Builder(logs);
        builder.Services.AddAslCompiler().AddTaskHandler(FlakyArn, _ => throw new TaskFailedException("Flaky.Down", "try later"));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, definition, logging: Workflows.Logging(level, includeData), tracing: tracing);
        var done = await Workflows.RunAsync(stepFunctions, arn, input, traceHeader);
        await host.StopAsync();
        var records = logs.InCategory(AslCompilerTelemetryNames.LoggerCategory).Where(r => r.Value("ExecutionArn") == done.ExecutionArn).ToList();
        return (records, done.ExecutionArn);
    }

    [Fact]
    public async Task A_traced_executions_records_carry_its_trace_and_the_span_of_their_state()
    {
        // Logged when committed, on whatever thread: the event's span is made ambient for the record, so a logging
        // provider (OpenTelemetry's) correlates it. Before, the records had the caller's trace or none.
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var spans = new SpanCollector();

        var (records, executionArn) = await RunAsync(StatesLogLevel.All, includeData: false, tracing: true, traceHeader: "00-" + traceId + "-b7ad6b7169203331-01");

        var all = spans.Of(executionArn);
        var execution = Assert.Single(all, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        var call = Assert.Single(all, s => s.DisplayName == "Call");
        Assert.Equal(AllEvents, records.Select(r => r.Value("EventType")));
        Assert.All(records, r => Assert.Equal(traceId, r.TraceId.ToHexString()));
        Assert.Equal(execution.SpanId, records.Single(r => r.Value("EventType") == "ExecutionStarted").SpanId);
        Assert.Equal(execution.SpanId, records.Single(r => r.Value("EventType") == "ExecutionFailed").SpanId);
        Assert.All(records.Where(r => r.Value("EventType") is "TaskStateEntered" or "LambdaFunctionFailed" or "TaskStateExited"), r => Assert.Equal(call.SpanId, r.SpanId));
    }

    [Theory]
    [InlineData(StatesLogLevel.All, new[] { "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "FailStateEntered", "ExecutionFailed" })]
    [InlineData(StatesLogLevel.Error, new[] { "LambdaFunctionFailed", "FailStateEntered", "ExecutionFailed" })]
    [InlineData(StatesLogLevel.Fatal, new[] { "ExecutionFailed" })]
    [InlineData(StatesLogLevel.Off, new string[0])]
    public async Task The_logging_level_chooses_which_history_events_are_logged(StatesLogLevel level, string[] expected)
    {
        var (records, _) = await RunAsync(level, includeData: false);

        Assert.Equal(expected, records.Select(r => r.Value("EventType")));
    }

    [Fact]
    public async Task Records_are_structured_with_ids_and_leveled_by_severity()
    {
        var (records, executionArn) = await RunAsync(StatesLogLevel.All, includeData: false);

        Assert.Equal(AllEvents, records.Select(r => r.Value("EventType")));
        Assert.Equal(Enumerable.Range(1, AllEvents.Length).Select(i => i.ToString()), records.Select(r => r.Value("HistoryEventId")));
        Assert.All(records, r => Assert.Equal(100, r.EventId.Id));
        Assert.All(records, r => Assert.Contains(executionArn, r.Message, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, records.Single(r => r.Value("EventType") == "ExecutionFailed").Level);
        Assert.Equal(LogLevel.Warning, records.Single(r => r.Value("EventType") == "LambdaFunctionFailed").Level);
        Assert.Equal(LogLevel.Information, records.Single(r => r.Value("EventType") == "TaskStateEntered").Level);
        Assert.Contains("\"error\":\"Flaky.Down\"", records.Single(r => r.Value("EventType") == "LambdaFunctionFailed").Value("Details"), StringComparison.Ordinal);
        Assert.Contains("\"error\":\"Custom.GaveUp\"", records.Single(r => r.Value("EventType") == "ExecutionFailed").Value("Details"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IncludeExecutionData_decides_whether_input_and_output_appear(bool includeData)
    {
        var (records, _) = await RunAsync(StatesLogLevel.All, includeData, Workflows.Pass);

        var entered = JsonValue.Parse(records.Single(r => r.Value("EventType") == "PassStateEntered").Value("Details"));
        var succeeded = JsonValue.Parse(records.Single(r => r.Value("EventType") == "ExecutionSucceeded").Value("Details"));
        Assert.Equal("P", entered["name"].GetString());
        Assert.Equal(includeData, records.Any(r => r.Value("Details").Contains("s3cr3t", StringComparison.Ordinal)));
        Assert.Equal(includeData, !entered["input"].IsUndefined);
        Assert.Equal(includeData, !succeeded["output"].IsUndefined);
    }

    [Fact]
    public async Task A_state_machine_without_a_logging_configuration_logs_nothing()
    {
        var logs = new CapturingLoggerProvider();
        var observer = new ExecutionTelemetry(LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        await Workflows.ReplayAsync(observer, Workflows.Pass);

        Assert.Empty(logs.InCategory(AslCompilerTelemetryNames.LoggerCategory));
    }
}
