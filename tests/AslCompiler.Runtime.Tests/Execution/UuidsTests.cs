using System.Text.RegularExpressions;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>The UUIDs the runtime makes up for execution names and ids (<see cref="Uuids"/>).</summary>
public sealed partial class UuidsTests
{
    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex VersionFour();

    [Fact]
    public void Each_is_a_distinct_lowercase_version_4_uuid()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var id = Uuids.New();
            Assert.Matches(VersionFour(), id);
            Assert.True(seen.Add(id), "drawn twice: " + id);
        }
    }

    [Fact]
    public async Task Threads_drawing_at_once_get_distinct_ids()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 20_000).Select(_ => Uuids.New()).ToArray())));
        var all = perThread.SelectMany(ids => ids).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_run_without_a_name_is_named_by_a_new_uuid_and_its_arn_says_so()
    {
        var program = AslInterpreter.Compile("""{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var kernel = new ExecutionKernel();
        var request = new ExecutionRequest { StateMachineName = "M", Type = ExecutionType.Express, RecordHistory = false };
        var first = await kernel.RunAsync(program, JsonValue.Parse("{}"), request);
        var second = await kernel.RunAsync(program, JsonValue.Parse("{}"), request);
        Assert.Matches(VersionFour(), first.Name);
        Assert.NotEqual(first.Name, second.Name);
        Assert.Contains(":express:M:" + first.Name + ":", first.ExecutionArn, StringComparison.Ordinal);
    }
}
