using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A state that assigns variables records them on its exited event, as AWS does: <c>assignedVariables</c> maps each
/// name to its value's JSON text, with <c>assignedVariablesDetails</c>. The recorded executions of the corpus check the
/// values (ExecutionCorpusTests); these check the API's typed events and the cases around them.
/// </summary>
public sealed class AssignedVariablesHistoryTests
{
    [Fact]
    public async Task Each_exit_shows_what_its_state_assigned_and_only_that()
    {
        const string definition = """
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"n":1,"who.$":"$.name","list":[1,{"a":true}]},"Next":"Plain"},
              "Plain":{"Type":"Pass","Next":"Empty"},
              "Empty":{"Type":"Pass","Assign":{},"Next":"Fails"},
              "Fails":{"Type":"Fail","Error":"Boom","Cause":"no"}}}
            """;
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("Vars", definition);
        var arn = await sfn.StartAsync(machine, input: """{"name":"Ann"}""");
        await sfn.WaitAsync(arn);

        var exits = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events
            .Where(e => e.StateExitedEventDetails is not null)
            .Select(e => e.StateExitedEventDetails!)
            .ToArray();

        Assert.Equal(["Set", "Plain", "Empty"], exits.Select(e => e.Name));
        Assert.Equal(
            new Dictionary<string, string> { ["n"] = "1", ["who"] = "\"Ann\"", ["list"] = "[1,{\"a\":true}]" },
            exits[0].AssignedVariables);
        Assert.False(exits[0].AssignedVariablesDetails!.Truncated);
        Assert.Equal("""{"name":"Ann"}""", exits[0].Output);

        // A state without Assign, and one that assigns nothing, show none (not the earlier state's).
        Assert.All(exits[1..], e => Assert.Null(e.AssignedVariables));
        Assert.All(exits[1..], e => Assert.Null(e.AssignedVariablesDetails));
    }

    [Fact]
    public async Task A_caught_state_shows_what_its_catcher_assigned()
    {
        const string definition = """
            {"StartAt":"Try","States":{
              "Try":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"no"}}}],"Assign":{"never":1},
                "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"caught.$":"$.Error"},"Next":"Done"}],"Next":"Done"},
              "Done":{"Type":"Succeed"}}}
            """;
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("Caught", definition);
        var arn = await sfn.StartAsync(machine, input: "{}");
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);

        var exit = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events
            .First(e => e.StateExitedEventDetails is { Name: "Try" }).StateExitedEventDetails!;
        Assert.Equal(new Dictionary<string, string> { ["caught"] = "\"Boom\"" }, exit.AssignedVariables);
    }
}
