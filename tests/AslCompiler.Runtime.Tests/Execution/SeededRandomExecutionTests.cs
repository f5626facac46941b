using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// JSONata's <c>$random()</c>, <c>$shuffle</c> and <c>$uuid()</c>, and JSONPath's <c>States.UUID</c> and
/// <c>States.MathRandom</c>, in a state draw from the execution's random source
/// (<see cref="ExecutionOptions.Random"/>), in the execution, its Parallel branches and its Map iterations: a seeded
/// source gives the same output run after run, and a durable run resumed from its journal draws what it drew first.
/// </summary>
public class SeededRandomExecutionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static async Task<ExecutionResult> RunAsync(string definition, int seed, bool history = true, IExecutionJournal? journal = null)
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, Random = new Random(seed) });
        var request = new ExecutionRequest { Name = "seeded", RecordHistory = history, Journal = journal };
        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, request).AsTask(), TimeSpan.FromSeconds(5));
        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error + ": " + result.Cause);
        return result;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_same_seed_gives_the_same_output_and_another_seed_another(bool history)
    {
        var first = (await RunAsync(SeededRandomDefinition.Json, 42, history)).Output.ToJsonString();
        var second = (await RunAsync(SeededRandomDefinition.Json, 42, history)).Output.ToJsonString();
        var other = (await RunAsync(SeededRandomDefinition.Json, 43, history)).Output.ToJsonString();
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        // Each function drew from the seed (not only one of them), and Step Functions' seeded $random stays put.
        var a = JsonValue.Parse(first);
        var b = JsonValue.Parse(other);
        var draw = a["before"]["draw"];
        Assert.NotEqual(draw["random"], b["before"]["draw"]["random"]);
        Assert.NotEqual(draw["shuffled"], b["before"]["draw"]["shuffled"]);
        Assert.NotEqual(draw["uuid"], b["before"]["draw"]["uuid"]);
        Assert.NotEqual(a["before"]["later"], b["before"]["later"]);
        Assert.NotEqual(a["before"]["branches"], b["before"]["branches"]);
        Assert.NotEqual(a["items"], b["items"]);
        Assert.Equal(0.7275636800328681, draw["seeded"].GetDouble());
        Assert.Equal(draw["seeded"], b["before"]["draw"]["seeded"]);
    }

    [Fact]
    public async Task The_first_draw_is_the_execution_sources_first()
    {
        const string Single = """
            {"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Pass","Output":"{% $random() %}","End":true}}}
            """;
        Assert.Equal(new Random(42).NextDouble(), (await RunAsync(Single, 42)).Output.GetDouble());
    }

    [Fact]
    public async Task A_durable_run_resumed_from_its_journal_draws_what_its_first_run_drew()
    {
        var journal = new ListJournal([]);
        var first = await RunAsync(SeededRandomDefinition.Json, 42, journal: journal);
        Assert.NotEmpty(journal.Records);

        // Run again over the committed records with another source: the seed the journal keeps decides the draws.
        var resumed = await RunAsync(SeededRandomDefinition.Json, 7, journal: new ListJournal(journal.Records));
        Assert.Equal(first.Output.ToJsonString(), resumed.Output.ToJsonString());

        var fresh = await RunAsync(SeededRandomDefinition.Json, 7, journal: new ListJournal([]));
        Assert.NotEqual(first.Output.ToJsonString(), fresh.Output.ToJsonString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task JSONPath_intrinsics_draw_from_the_seed_and_a_resumed_run_draws_what_it_drew(bool history)
    {
        // States.UUID and States.MathRandom without a seed draw from the execution's source; a journaled run's frames
        // (the execution's, a branch's, an iteration's) each draw from their own generator seeded from the journal.
        const string Definition = """
            {"StartAt":"Top","States":{
              "Top":{"Type":"Pass","Parameters":{"u.$":"States.UUID()","r.$":"States.MathRandom(0, 1000000)","items":[1,2,3]},"Next":"Both"},
              "Both":{"Type":"Parallel","ResultPath":"$.branches","Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"u.$":"States.UUID()"},"End":true}}}],"Next":"Each"},
              "Each":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.each","ItemProcessor":{"StartAt":"I","States":{
                "I":{"Type":"Pass","Parameters":{"u.$":"States.UUID()","r.$":"States.MathRandom(0, 1000000)"},"End":true}}},"End":true}}}
            """;
        var first = (await RunAsync(Definition, 42, history)).Output.ToJsonString();
        Assert.Equal(first, (await RunAsync(Definition, 42, history)).Output.ToJsonString());
        Assert.NotEqual(first, (await RunAsync(Definition, 43, history)).Output.ToJsonString());

        var journal = new ListJournal([]);
        var journaled = (await RunAsync(Definition, 42, journal: journal)).Output.ToJsonString();
        var resumed = (await RunAsync(Definition, 7, journal: new ListJournal(journal.Records))).Output.ToJsonString();
        Assert.Equal(journaled, resumed);
        Assert.NotEqual(journaled, (await RunAsync(Definition, 7, journal: new ListJournal([]))).Output.ToJsonString());
    }
}
