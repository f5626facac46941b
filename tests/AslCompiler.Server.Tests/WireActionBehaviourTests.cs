using System.Net;

namespace AslCompiler.Server.Tests;

/// <summary>
/// Action behaviour checked over the wire, as a client of <c>asl serve</c> sees it: request members that must reach the
/// API (not be dropped or refused by the protocol layer) and answers that must be AWS's.
/// </summary>
public sealed class WireActionBehaviourTests
{
    [Fact]
    public async Task IncludedData_METADATA_ONLY_reaches_DescribeStateMachine_and_DescribeStateMachineForExecution()
    {
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("Metadata");
        var version = (await server.CallAsync("PublishStateMachineVersion", new { stateMachineArn = machine }))["stateMachineVersionArn"]!.GetValue<string>();
        foreach (var arn in new[] { machine, version })
        {
            Assert.Equal(ServerHarness.PassDefinition, (await server.CallAsync("DescribeStateMachine", new { stateMachineArn = arn }))["definition"]!.GetValue<string>());
            Assert.Equal(ServerHarness.PassDefinition, (await server.CallAsync("DescribeStateMachine", new { stateMachineArn = arn, includedData = "ALL_DATA" }))["definition"]!.GetValue<string>());
            var metadata = await server.CallAsync("DescribeStateMachine", new { stateMachineArn = arn, includedData = "METADATA_ONLY" });
            Assert.Equal("{}", metadata["definition"]!.GetValue<string>());
            Assert.Equal(arn, metadata["stateMachineArn"]!.GetValue<string>());
        }

        var execution = (await server.CallAsync("StartExecution", new { stateMachineArn = machine }))["executionArn"]!.GetValue<string>();
        await server.WaitForExecutionAsync(execution);
        Assert.Equal(ServerHarness.PassDefinition, (await server.CallAsync("DescribeStateMachineForExecution", new { executionArn = execution }))["definition"]!.GetValue<string>());
        var forExecution = await server.CallAsync("DescribeStateMachineForExecution", new { executionArn = execution, includedData = "METADATA_ONLY" });
        Assert.Equal("{}", forExecution["definition"]!.GetValue<string>());
        Assert.Equal(machine, forExecution["stateMachineArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeStateMachineForExecution_of_a_version_or_alias_execution_names_the_unqualified_state_machine()
    {
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("Qualified");
        var version = (await server.CallAsync("PublishStateMachineVersion", new { stateMachineArn = machine }))["stateMachineVersionArn"]!.GetValue<string>();
        var alias = (await server.CallAsync("CreateStateMachineAlias", new { name = "live", routingConfiguration = new[] { new { stateMachineVersionArn = version, weight = 100 } } }))["stateMachineAliasArn"]!.GetValue<string>();
        foreach (var started in new[] { version, alias })
        {
            var execution = (await server.CallAsync("StartExecution", new { stateMachineArn = started }))["executionArn"]!.GetValue<string>();
            await server.WaitForExecutionAsync(execution);
            var described = await server.CallAsync("DescribeStateMachineForExecution", new { executionArn = execution });
            Assert.Equal(machine, described["stateMachineArn"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Deleting_an_alias_twice_answers_200_both_times()
    {
        await using var server = await ServerHarness.StartAsync();
        var alias = await CreateAliasAsync(server, "Deleted");
        Assert.Empty(await server.CallAsync("DeleteStateMachineAlias", new { stateMachineAliasArn = alias }));
        Assert.Empty(await server.CallAsync("DeleteStateMachineAlias", new { stateMachineAliasArn = alias }));
        var invalid = await server.SendAsync("DeleteStateMachineAlias", new { stateMachineAliasArn = "not-an-arn" });
        Assert.Equal("InvalidArn", invalid.ErrorType);
    }

    [Fact]
    public async Task A_repeated_alias_update_keeps_its_date()
    {
        await using var server = await ServerHarness.StartAsync();
        var alias = await CreateAliasAsync(server, "Updated");
        var update = new { stateMachineAliasArn = alias, description = "d" };
        var first = (await server.CallAsync("UpdateStateMachineAlias", update))["updateDate"]!.GetValue<double>();
        await Task.Delay(20);
        var again = (await server.CallAsync("UpdateStateMachineAlias", update))["updateDate"]!.GetValue<double>();
        Assert.Equal(first, again);
        Assert.Equal(first, (await server.CallAsync("DescribeStateMachineAlias", new { stateMachineAliasArn = alias }))["updateDate"]!.GetValue<double>());
    }

    private static async Task<string> CreateAliasAsync(ServerHarness server, string name)
    {
        var machine = await server.CreateStateMachineAsync(name);
        var version = (await server.CallAsync("PublishStateMachineVersion", new { stateMachineArn = machine }))["stateMachineVersionArn"]!.GetValue<string>();
        return (await server.CallAsync("CreateStateMachineAlias", new { name = "live", routingConfiguration = new[] { new { stateMachineVersionArn = version, weight = 100 } } }))["stateMachineAliasArn"]!.GetValue<string>();
    }
}
