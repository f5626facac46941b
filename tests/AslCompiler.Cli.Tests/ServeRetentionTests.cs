using System.CommandLine;
using AslCompiler.Cli.Commands;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl serve --retention DAYS</c>: how long an ended Standard execution is kept, on the server's clock.</summary>
public sealed class ServeRetentionTests
{
    [Theory]
    [InlineData(null, 90 * 24.0)]
    [InlineData("2.5", 60.0)]
    [InlineData("forever", -1.0)]
    public void The_option_reads_days_or_forever(string? value, double hours)
    {
        var command = ServeCommand.Create();
        var result = command.Parse(value is null ? [] : ["--retention", value]);
        Assert.Empty(result.Errors);
        var expected = hours < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromHours(hours);
        Assert.Equal(expected, result.GetValue<TimeSpan?>("--retention") ?? ServeCommand.DefaultRetention);
    }

    [Fact]
    public void An_ended_execution_is_removed_once_the_retention_has_passed_on_the_servers_clock()
    {
        // At --time-scale 100000 a day passes in under a second: the execution is gone soon after, where the default
        // 90 days would keep it for two minutes.
        string? describedFirst = null;
        Exception? gone = null;
        var (exit, error) = ServeRunner.Serve(
            new ServeCommand.ServeArguments(0, "127.0.0.1", null, null, null, null, null, 100_000, "None", "simple", Retention: TimeSpan.FromDays(1)),
            (api, _) =>
            {
                var machine = api.CreateStateMachineAsync(new CreateStateMachineRequest
                {
                    Name = "kept",
                    Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
                    RoleArn = "arn:aws:iam::123456789012:role/R",
                }).GetAwaiter().GetResult().StateMachineArn;
                var arn = api.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine }).GetAwaiter().GetResult().ExecutionArn;
                var describe = new DescribeExecutionRequest { ExecutionArn = arn };
                describedFirst = api.DescribeExecutionAsync(describe).GetAwaiter().GetResult().Status.ToString();
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (gone is null && DateTime.UtcNow < until)
                {
                    try
                    {
                        api.DescribeExecutionAsync(describe).GetAwaiter().GetResult();
                        Thread.Sleep(50);
                    }
                    catch (ExecutionDoesNotExistException e)
                    {
                        gone = e;
                    }
                }
            });
        Assert.True(exit == 0, error);
        Assert.NotNull(describedFirst);
        Assert.NotNull(gone);
    }
}
