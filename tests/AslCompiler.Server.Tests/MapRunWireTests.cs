using System.Text.Json.Nodes;

namespace AslCompiler.Server.Tests;

/// <summary>A distributed Map's child workflow executions over the wire: ListExecutions with mapRunArn, DescribeExecution, GetExecutionHistory.</summary>
public sealed class MapRunWireTests
{
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items",
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
        """;

    [Fact]
    public async Task Map_run_children_are_listed_described_and_have_a_history()
    {
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("Fan", Definition);
        var executionArn = (await server.CallAsync("StartExecution", new { stateMachineArn = machine, input = """{"items":[1,2]}""" }))["executionArn"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", (await server.WaitForExecutionAsync(executionArn))["status"]!.GetValue<string>());

        var mapRunArn = (await server.CallAsync("ListMapRuns", new { executionArn }))["mapRuns"]!.AsArray().Single()!["mapRunArn"]!.GetValue<string>();
        var children = (await server.CallAsync("ListExecutions", new { mapRunArn }))["executions"]!.AsArray();
        Assert.Equal(2, children.Count);
        foreach (var child in children.Select(c => c!.AsObject()))
        {
            Assert.Equal(mapRunArn, child["mapRunArn"]!.GetValue<string>());
            Assert.Equal(1, child["itemCount"]!.GetValue<int>());
            var arn = child["executionArn"]!.GetValue<string>();
            Assert.Contains(":express:Fan/Work:", arn, StringComparison.Ordinal);

            var described = await server.CallAsync("DescribeExecution", new { executionArn = arn });
            Assert.Equal(mapRunArn, described["mapRunArn"]!.GetValue<string>());
            Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());

            var events = (await server.CallAsync("GetExecutionHistory", new { executionArn = arn }))["events"]!.AsArray();
            Assert.Equal("ExecutionStarted", events[0]!["type"]!.GetValue<string>());
            Assert.Equal("ExecutionSucceeded", events[^1]!["type"]!.GetValue<string>());
        }

        var both = await server.SendAsync("ListExecutions", new { mapRunArn, stateMachineArn = machine });
        Assert.Equal("ValidationException", both.ErrorType);
    }
}
