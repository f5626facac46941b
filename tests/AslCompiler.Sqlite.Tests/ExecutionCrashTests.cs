using System.Globalization;
using Xunit.Abstractions;
using System.Threading.Channels;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Sqlite.CrashHost;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using HistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;

namespace AslCompiler.Sqlite.Tests;

/// <summary>
/// Issue 9's acceptance: a child process runs Standard executions of <see cref="CrashWorkflow"/> (Task, Wait, Parallel,
/// Map, a <c>.waitForTaskToken</c> callback) over the SQLite store and is SIGKILLed at random points several times,
/// then run to the end. Every execution must finish exactly once with the right output and a history with no
/// duplicated or missing event, and the handlers' side effects, applied once per idempotency key, must be exactly
/// the expected set. CI runs 150 executions; <c>ASL_CRASH_EXECUTIONS=1000</c> runs the full acceptance.
/// </summary>
public sealed class ExecutionCrashTests : IDisposable
{
    private const int Kills = 4;
    private readonly TempDirectory _dir = new();
    private readonly ITestOutputHelper _output;

    public ExecutionCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Executions_killed_at_random_points_finish_exactly_once()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("ASL_CRASH_EXECUTIONS") ?? "150", CultureInfo.InvariantCulture);
        var path = _dir.File("crash.db");
        var sideFile = _dir.File("effects.log");
        var random = new Random(20261125);
        var log = new List<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var host = StartHost(path, count, sideFile, log, ready);
            Assert.True(await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60))) == ready.Task, "the crash host did not recover in time: " + string.Join(" | ", log));
            // Anywhere from among the starts to deep into the Waits, Parallel callbacks and Maps.
            await Task.Delay(random.Next(300, 4000));
            await host.KillAsync();
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var last = StartHost(path, count, sideFile, log, done))
        {
            Assert.True(await last.WaitForExitAsync(TimeSpan.FromSeconds(180)), "the crash host did not finish: " + string.Join(" | ", log));
            Assert.True(last.ExitCode == 0, "the crash host failed: " + string.Join(" | ", log));
        }

        _output.WriteLine(count + " executions; the host said: " + string.Join(" | ", log));
        var reference = await ReferenceRunAsync();
        await using var store = SqliteStepFunctionsStore.Open(path);
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { Store = store });
        await sfn.RecoverAsync();
        var machineArn = sfn.Arns.StateMachine(CrashWorkflow.Name);
        var executions = await ListAllAsync(sfn, machineArn);
        Assert.Equal(Enumerable.Range(0, count).Select(CrashWorkflow.ExecutionName), executions.Select(e => e.Name).Order(StringComparer.Ordinal));

        var effects = SideEffectLog.Read(sideFile);
        Assert.Equal(effects.Count, effects.Select(e => e.Key).Distinct().Count());
        Assert.Equal(count * CrashWorkflow.SideEffectsPerExecution, effects.Count);

        // The distributed Map's children key their effects by their own ARNs (...:execution:crash/Dist:id/site).
        var childEffects = effects.Where(e => e.Kind == "cube").Select(e => e.Key).ToList();
        Assert.Equal(count * CrashWorkflow.ChildSideEffectsPerExecution, childEffects.Count);
        var effectsByExecution = effects.Where(e => e.Kind != "cube").ToLookup(e => e.Key.Split('/', 2)[0], e => (e.Kind, Suffix: e.Key.Split('/', 2)[1]));
        _output.WriteLine(effects.Count + " side effects applied once each");

        foreach (var item in executions)
        {
            var id = int.Parse(item.Name.AsSpan(1), CultureInfo.InvariantCulture);
            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = item.ExecutionArn });
            Assert.True(described.Status == ExecutionStatus.Succeeded, item.Name + ": " + described.Status + " " + described.Error + " " + described.Cause);
            Assert.Equal(CrashWorkflow.ExpectedOutput(id), JsonValue.Parse(described.Output!));

            var history = await HistoryAsync(sfn, item.ExecutionArn);
            CheckChain(item.Name, history);
            Assert.Equal(reference.EventCounts, CountByType(history));
            Assert.Equal(reference.Effects, effectsByExecution[item.ExecutionArn].Order().ToList());

            // Its Map Run ended with every child succeeded once; each child is listed, described, has a whole history,
            // and made its one effect.
            var mapRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = item.ExecutionArn })).MapRuns);
            var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun.MapRunArn });
            Assert.True(run.Status == MapRunStatus.Succeeded, item.Name + ": Map Run " + run.Status);
            Assert.Equal(3, run.ExecutionCounts.Succeeded);
            Assert.Equal(3, run.ExecutionCounts.Total);
            Assert.Equal(0, run.ExecutionCounts.Running + run.ExecutionCounts.Pending + run.ExecutionCounts.Failed + run.ExecutionCounts.Aborted);
            var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun.MapRunArn })).Executions;
            Assert.Equal(3, children.Count);
            foreach (var child in children)
            {
                var describedChild = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child.ExecutionArn });
                Assert.True(describedChild.Status == ExecutionStatus.Succeeded, item.Name + ": child " + describedChild.Status);
                Assert.Equal(mapRun.MapRunArn, describedChild.MapRunArn);
                var childHistory = await HistoryAsync(sfn, child.ExecutionArn);
                CheckChain(child.Name, childHistory);
                Assert.Equal(HistoryEventType.ExecutionSucceeded, childHistory[^1].Type);
                Assert.Equal(reference.ChildEventCounts, CountByType(childHistory));
                Assert.Single(childEffects, key => key.StartsWith(child.ExecutionArn + "/", StringComparison.Ordinal));
            }
        }
    }

    private static CrashHostProcess StartHost(string path, int count, string sideFile, List<string> log, TaskCompletionSource signal) =>
        CrashHostProcess.Start(
            line =>
            {
                lock (log)
                {
                    log.Add(line);
                }

                if (line == "ready" || line.StartsWith("all-done", StringComparison.Ordinal))
                {
                    signal.TrySetResult();
                }
            },
            "executions",
            path,
            count.ToString(CultureInfo.InvariantCulture),
            sideFile);

    // Ids 1..n in order; every previousEventId names an earlier event, or is 0 (the first event, and as AWS records them the first state's entry and an abort).
    private static void CheckChain(string name, List<HistoryEvent> history)
    {
        for (var i = 0; i < history.Count; i++)
        {
            Assert.True(history[i].Id == i + 1, $"{name}: event {i} has id {history[i].Id}");
            var previous = history[i].PreviousEventId ?? 0;
            Assert.True(i == 0 ? previous == 0 : previous >= 0 && previous <= i, $"{name}: event {history[i].Id} has previousEventId {previous}");
        }
    }

    private static Dictionary<HistoryEventType, int> CountByType(IEnumerable<HistoryEvent> history) =>
        history.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());

    private sealed record Reference(Dictionary<HistoryEventType, int> EventCounts, List<(string Kind, string Suffix)> Effects, Dictionary<HistoryEventType, int> ChildEventCounts);

    // The same workflow in memory, no store and no crash: the history and side effects one execution must have.
    private async Task<Reference> ReferenceRunAsync()
    {
        var effectsFile = _dir.File("reference.log");
        var answers = Channel.CreateUnbounded<(string Token, int Id)>();
        LocalStepFunctions? sfn = null;
        using (var effects = new SideEffectLog(effectsFile))
        {
            sfn = new LocalStepFunctions(new StepFunctionsOptions
            {
                Execution = new ExecutionOptions { TaskHandlers = CrashWorkflow.Handlers(effects, (token, id) => answers.Writer.TryWrite((token, id))) },
            });
            var answering = Task.Run(async () =>
            {
                await foreach (var (token, id) in answers.Reader.ReadAllAsync())
                {
                    await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = CrashWorkflow.ApprovalOutput(id) });
                }
            });
            var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = CrashWorkflow.Name,
                Definition = CrashWorkflow.Definition(0),
                RoleArn = CrashWorkflow.RoleArn,
                Type = StateMachineType.Standard,
            });
            var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine.StateMachineArn, Name = "reference", Input = CrashWorkflow.Input(7) });
            DescribeExecutionResponse described;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn })).Status == ExecutionStatus.Running)
            {
                Assert.True(DateTime.UtcNow < deadline, "the reference execution did not finish");
                await Task.Delay(10);
            }

            answers.Writer.TryComplete();
            await answering;
            Assert.Equal(CrashWorkflow.ExpectedOutput(7), JsonValue.Parse(described.Output!));
            var history = await HistoryAsync(sfn, started.ExecutionArn);
            var allEffects = SideEffectLog.Read(effectsFile);
            Assert.Equal(CrashWorkflow.SideEffectsPerExecution, allEffects.Count);
            var effectsOfReference = allEffects.Where(e => e.Kind != "cube").Select(e => (e.Kind, Suffix: e.Key.Split('/', 2)[1])).Order().ToList();
            var mapRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = started.ExecutionArn })).MapRuns);
            var child = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun.MapRunArn })).Executions[0];
            return new Reference(CountByType(history), effectsOfReference, CountByType(await HistoryAsync(sfn, child.ExecutionArn)));
        }
    }

    private static async Task<List<ExecutionListItem>> ListAllAsync(LocalStepFunctions sfn, string machineArn)
    {
        var all = new List<ExecutionListItem>();
        string? next = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machineArn, MaxResults = 1000, NextToken = next });
            all.AddRange(page.Executions);
            next = page.NextToken;
        }
        while (next is not null);
        return all;
    }

    private static async Task<List<HistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string executionArn)
    {
        var events = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000, NextToken = next });
            events.AddRange(page.Events);
            next = page.NextToken;
        }
        while (next is not null);
        return events;
    }
}
