using AslCompiler.Cli.Commands;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl serve --account-id ID --region REGION</c>: the account and region of every ARN the server makes.</summary>
public sealed class ServeArnPlaceTests
{
    [Fact]
    public void Every_ARN_the_server_makes_is_in_the_given_account_and_region()
    {
        string? machine = null, execution = null, activity = null;
        var (exit, error) = ServeRunner.Serve(Arguments(account: "000000000000", region: "eu-west-1"), (api, _) =>
        {
            machine = api.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = "M",
                Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id"},"End":true}}}""",
                RoleArn = "arn:aws:iam::000000000000:role/R",
                Type = StateMachineType.Express,
            }).GetAwaiter().GetResult().StateMachineArn;
            execution = api.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Name = "e" }).GetAwaiter().GetResult().Output;
            activity = api.CreateActivityAsync(new CreateActivityRequest { Name = "A" }).GetAwaiter().GetResult().ActivityArn;
        });
        Assert.True(exit == 0, error);
        Assert.Equal("arn:aws:states:eu-west-1:000000000000:stateMachine:M", machine);
        Assert.StartsWith("""{"id":"arn:aws:states:eu-west-1:000000000000:express:M:e:""", execution, StringComparison.Ordinal);
        Assert.Equal("arn:aws:states:eu-west-1:000000000000:activity:A", activity);
    }

    [Theory]
    [InlineData("12345", null, "asl: --account-id must be an AWS account id (12 digits), not '12345'.")]
    [InlineData(null, "eu:west", "asl: --region must be a region name (lowercase letters, digits and hyphens, as us-east-1), not 'eu:west'.")]
    public void An_account_or_region_that_would_break_the_ARNs_is_refused_before_the_server_listens(string? account, string? region, string message)
        => Assert.Equal(message + Environment.NewLine, ServeRunner.Refused(Arguments(account, region)));

    [Fact]
    public void The_options_parse()
    {
        var result = ServeCommand.Create().Parse(["--account-id", "000000000000", "--region", "eu-west-1"]);
        Assert.Empty(result.Errors);
        Assert.Equal(("000000000000", "eu-west-1"), (result.GetValue<string?>("--account-id"), result.GetValue<string?>("--region")));
    }

    private static ServeCommand.ServeArguments Arguments(string? account, string? region) =>
        new(0, "127.0.0.1", null, null, null, null, null, 1, "None", "simple", AccountId: account, Region: region);
}

/// <summary><c>asl run --account-id ID --region REGION</c>: the account and region of the execution's ARNs and role, with or without <c>--store</c>.</summary>
public sealed class RunArnPlaceTests() : StoreDirectory("asl-cli-run-place-")
{
    private const string ContextMachine = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","role.$":"$$.Execution.RoleArn","machine.$":"$$.StateMachine.Id"},"End":true}}}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_execution_runs_in_the_given_account_and_region(bool durable)
    {
        var file = Path.Combine(Dir, "Place.asl.json");
        File.WriteAllText(file, ContextMachine);
        string[] store = durable ? ["--store", Path.Combine(Dir, "s.db")] : [];
        var (exit, output, error) = CliRunner.Run(["run", file, "--name", "e", "--account-id", "000000000000", "--region", "eu-west-1", .. store]);
        Assert.True(exit == 0, error);
        Assert.Equal(
            AslCompiler.Runtime.Json.JsonValue.Parse("""{"id":"arn:aws:states:eu-west-1:000000000000:execution:Place:e","role":"arn:aws:iam::000000000000:role/StatesExecutionRole","machine":"arn:aws:states:eu-west-1:000000000000:stateMachine:Place"}"""),
            AslCompiler.Runtime.Json.JsonValue.Parse(output)["output"]);
    }

    [Fact]
    public void A_region_that_would_break_the_ARNs_is_refused()
    {
        var file = Path.Combine(Dir, "Place.asl.json");
        File.WriteAllText(file, ContextMachine);
        var (exit, output, error) = CliRunner.Run("run", file, "--region", "EU");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal("asl: --region must be a region name (lowercase letters, digits and hyphens, as us-east-1), not 'EU'." + Environment.NewLine, error);
    }
}
