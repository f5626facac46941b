using AslCompiler.Cli.Commands;
using AslCompiler.Runtime.Api;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// A store written on a clock ahead of the wall clock (<c>asl run</c>'s virtual clock after a Wait, <c>asl serve
/// --time-scale</c>) is gone on from when it is opened again: nothing is dated before what the store holds.
/// </summary>
public sealed class StoreClockTests() : StoreDirectory("asl-cli-store-clock-")
{
    private const string WaitADay = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}""";

    [Fact]
    public void A_run_on_a_store_starts_after_what_an_earlier_runs_virtual_clock_recorded()
    {
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "m.asl.json");
        File.WriteAllText(file, WaitADay);

        Assert.Equal(0, CliRunner.Run("run", file, "--store", store, "--name", "first").ExitCode);
        Assert.Equal(0, CliRunner.Run("run", file, "--store", store, "--name", "second").ExitCode);

        var first = Dates(store, "first");
        var second = Dates(store, "second");
        Assert.True(first.Stop - first.Start >= TimeSpan.FromDays(1), first.ToString());
        Assert.True(second.Start >= first.Stop, "the second run started at " + second.Start.ToString("O") + ", before the first one stopped (" + first.Stop.ToString("O") + ")");
    }

    [Fact]
    public void A_server_restarted_on_its_store_goes_on_from_the_clock_its_time_scale_carried_ahead()
    {
        var store = Path.Combine(Dir, "s.db");
        string? executionArn = null;
        DateTimeOffset firstStart = default;

        // 100,000 times faster: the Wait of a day takes under a second, and the clock ends far ahead of the wall clock.
        var (exit, error) = ServeRunner.Serve(Arguments(store, 100_000), (api, _) =>
        {
            var machine = api.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "m", Definition = WaitADay, RoleArn = "arn:aws:iam::123456789012:role/R" }).GetAwaiter().GetResult().StateMachineArn;
            executionArn = api.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "first" }).GetAwaiter().GetResult().ExecutionArn;
            firstStart = Describe(api, executionArn).StartDate;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Describe(api, executionArn).Status == ExecutionStatus.Running && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        });
        Assert.True(exit == 0, error);

        // Restarted at real time (no --time-scale): its clock goes on from the store's.
        DateTimeOffset firstStop = default, secondStart = default;
        (exit, error) = ServeRunner.Serve(Arguments(store, 1), (api, _) =>
        {
            var first = Describe(api, executionArn!);
            Assert.Equal(ExecutionStatus.Succeeded, first.Status);
            firstStop = first.StopDate!.Value;
            var machine = api.ListStateMachinesAsync(new ListStateMachinesRequest()).GetAwaiter().GetResult().StateMachines[0].StateMachineArn;
            var second = api.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "second" }).GetAwaiter().GetResult().ExecutionArn;
            secondStart = Describe(api, second).StartDate;
        });
        Assert.True(exit == 0, error);

        Assert.True(firstStop - firstStart >= TimeSpan.FromDays(1));
        Assert.True(secondStart >= firstStop, "the restarted server started an execution at " + secondStart.ToString("O") + ", before one it had stopped at " + firstStop.ToString("O"));
    }

    private static ServeCommand.ServeArguments Arguments(string store, double timeScale) =>
        new(0, "127.0.0.1", store, null, null, null, null, timeScale, "None", "simple");

    private static DescribeExecutionResponse Describe(LocalStepFunctions api, string arn) =>
        api.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }).GetAwaiter().GetResult();

    private static (DateTimeOffset Start, DateTimeOffset Stop) Dates(string store, string name)
    {
        using var connection = new SqliteConnection("Data Source=" + store + ";Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start_date, stop_date FROM executions WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "no execution " + name);
        return (DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
