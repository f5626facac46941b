using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class ExecutionConcurrencyTests
{
    private const int Count = 10_000;
    private const int Callers = 16;

    [Fact]
    public async Task Sixteen_callers_start_stop_describe_and_list_ten_thousand_executions_consistently()
    {
        var sfn = ExecutionFixture.Create();
        var quick = await sfn.CreateMachineAsync("Quick", ExecutionFixture.ResultDefinition);
        var waiting = await sfn.CreateMachineAsync("Waiting", ExecutionFixture.WaitDefinition);
        var started = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        // Even numbers run to the end on their own; odd numbers wait an hour on a clock nobody advances and are stopped.
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (i, ct) =>
        {
            var machine = i % 2 == 0 ? quick : waiting;
            var input = "{\"i\":" + i + "}";
            var arn = await sfn.StartAsync(machine, "e" + i, input);
            Assert.True(started.TryAdd(arn, i), "duplicate execution ARN " + arn);

            if (i % 2 == 1)
            {
                // While it runs, the same name and input is the same execution (idempotent start).
                Assert.Equal(arn, await sfn.StartAsync(machine, "e" + i, input));
            }

            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }, ct);
            Assert.Equal("e" + i, described.Name);
            Assert.Equal(input, described.Input);
            if (i % 2 == 1)
            {
                await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Stop" + i }, ct);
            }

            if (i % 97 == 0)
            {
                var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, MaxResults = 50 }, ct);
                Assert.NotEmpty(page.Executions);
            }
        });

        Assert.Equal(Count, started.Count);
        var ended = new ConcurrentDictionary<string, DescribeExecutionResponse>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(started.Keys, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (arn, ct) =>
        {
            ended[arn] = await sfn.WaitAsync(arn);
        });

        var listed = new List<ExecutionListItem>();
        foreach (var machine in new[] { quick, waiting })
        {
            string? token = null;
            do
            {
                var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, NextToken = token, MaxResults = 1000 });
                listed.AddRange(page.Executions);
                token = page.NextToken;
            }
            while (token is not null);
        }

        // None lost, none duplicated, and each listed with the status DescribeExecution gives.
        Assert.Equal(Count, listed.Count);
        Assert.Equal(started.Keys.Order(StringComparer.Ordinal), listed.Select(e => e.ExecutionArn).Order(StringComparer.Ordinal));
        foreach (var item in listed)
        {
            var i = started[item.ExecutionArn];
            var expected = i % 2 == 0 ? ExecutionStatus.Succeeded : ExecutionStatus.Aborted;
            Assert.Equal(expected, item.Status);
            Assert.Equal(expected, ended[item.ExecutionArn].Status);
        }

        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = waiting, StatusFilter = ExecutionStatus.Running })).Executions);
        await Parallel.ForEachAsync(started, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (pair, ct) =>
        {
            var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = pair.Key, MaxResults = 1000 }, ct)).Events;
            AssertConsistent(history, pair.Value);
        });
    }

    private static void AssertConsistent(IReadOnlyList<HistoryEvent> history, int i)
    {
        Assert.True(history.Count >= 2, "execution " + i + " has " + history.Count + " events");
        Assert.Equal(HistoryEventType.ExecutionStarted, history[0].Type);
        Assert.Equal("{\"i\":" + i + "}", history[0].ExecutionStartedEventDetails!.Input);
        for (var k = 0; k < history.Count; k++)
        {
            Assert.Equal(k + 1, history[k].Id);
            // As AWS records them: the first state's entry, in the same step as ExecutionStarted, and an abort point at 0.
            var atZero = k == 0 || (k == 1 && history[k].Type.ToString().EndsWith("StateEntered", StringComparison.Ordinal)) || history[k].Type == HistoryEventType.ExecutionAborted;
            Assert.Equal(atZero ? 0 : history[k - 1].Id, history[k].PreviousEventId ?? 0);
            Assert.True(k == 0 || history[k].Timestamp >= history[k - 1].Timestamp);
        }

        var last = history[^1];
        if (i % 2 == 0)
        {
            Assert.Equal(HistoryEventType.ExecutionSucceeded, last.Type);
            Assert.Equal("{\"i\":" + i + ",\"r\":{\"x\":1}}", last.ExecutionSucceededEventDetails!.Output);
        }
        else
        {
            Assert.Equal(HistoryEventType.ExecutionAborted, last.Type);
            Assert.Equal("Stop" + i, last.ExecutionAbortedEventDetails!.Error);
        }

        Assert.Single(history, e => e.Type is HistoryEventType.ExecutionSucceeded or HistoryEventType.ExecutionAborted or HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionTimedOut);
    }
}
