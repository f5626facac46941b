using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A pure definition (its states read only their input and <c>$$.Map.Item</c>) runs lightly when nothing records it:
/// the same output and state count as a recorded run; a failure runs it again and ends as the recorded run does.
/// </summary>
public class LightRunTests
{
    // A Map whose items go through a Choice, a counting loop with an intrinsic, a Format and a Succeed.
    private const string Pure = """
        {"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Parameters":{"id.$":"$.id","items.$":"$.items","i":0},"Next":"Lines"},
          "Lines":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"qty.$":"$$.Map.Item.Value.qty","at.$":"$$.Map.Item.Index"},
            "ItemProcessor":{"StartAt":"Big","States":{
              "Big":{"Type":"Choice","Choices":[{"Variable":"$.qty","NumericGreaterThan":5,"Next":"Bulk"}],"Default":"One"},
              "Bulk":{"Type":"Pass","Parameters":{"qty.$":"$.qty","at.$":"$.at","bulk":true},"End":true},
              "One":{"Type":"Pass","Parameters":{"qty.$":"$.qty","at.$":"$.at","bulk":false},"End":true}}},
            "ResultPath":"$.lines","Next":"Count"},
          "Count":{"Type":"Pass","Parameters":{"id.$":"$.id","lines.$":"$.lines","n.$":"States.ArrayLength($.lines)","i":0},"Next":"Loop"},
          "Loop":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Step"}],"Default":"Label"},
          "Step":{"Type":"Pass","Parameters":{"id.$":"$.id","lines.$":"$.lines","n.$":"$.n","i.$":"States.MathAdd($.i, 1)"},"Next":"Loop"},
          "Label":{"Type":"Pass","Parameters":{"label.$":"States.Format('{} has {} lines', $.id, $.n)","lines.$":"$.lines"},"Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    private static readonly JsonValue Input = JsonValue.Parse("""{"id":"A-1","items":[{"qty":1},{"qty":7},{"qty":2}]}""");

    [Theory]
    [InlineData(Pure)]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"price $5 or $","End":true}}}""")]
    [InlineData("""{"QueryLanguage":"JSONPath","Comment":"reads $$.Execution in a comment only","StartAt":"A","States":{"A":{"Type":"Fail","Error":"E","Cause":"c"}}}""")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","Parameters":{"v.$":"$$.Map.Item.Value"},"Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""")]
    public void Definitions_that_read_only_their_input_are_pure(string definition) => Assert.True(PureDefinition.IsPure(definition));

    [Theory]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1,"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}}}""")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Assign":{"x":1},"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"n.$":"$$.Execution.Name"},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$x.y"},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"States.Format('{}', $x)"},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"States.UUID()"},"End":true}}}""")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"States.MathRandom(1, 9)"},"End":true}}}""")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Wait","Seconds":1,"End":true}}},"End":true}}}""")]
    [InlineData("not json")]
    public void Definitions_that_read_more_than_their_input_are_not_pure(string definition) => Assert.False(PureDefinition.IsPure(definition));

    [Fact]
    public async Task A_light_run_ends_as_a_recorded_run_does()
    {
        var program = AslInterpreter.Compile(Pure);
        var kernel = new ExecutionKernel();
        var recorded = await kernel.RunAsync(program, Input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = true });
        var light = await kernel.RunAsync(program, Input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false });

        Assert.Equal(ExecutionStatus.Succeeded, recorded.Status);
        Assert.False(recorded.EndedLight);
        Assert.True(light.EndedLight);
        Assert.Equal(recorded.Output, light.Output);
        Assert.Equal(recorded.StatesEntered, light.StatesEntered);
        Assert.Equal("A-1 has 3 lines", light.Output["label"].GetString());
        var lines = light.Output["lines"].GetArray();
        Assert.Equal([false, true, false], lines.Select(line => line["bulk"].IsTrue).ToArray());
        Assert.Equal(["0", "1", "2"], lines.Select(line => line["at"].ToJsonString()).ToArray());
    }

    [Fact]
    public async Task Nested_Maps_of_a_light_run_each_see_their_own_item()
    {
        // The inner Map's iterations run on the frame the outer one's run on: each ItemSelector reads its own item.
        var program = AslInterpreter.Compile("""
            {"StartAt":"Rows","States":{"Rows":{"Type":"Map","ItemsPath":"$.rows",
              "ItemSelector":{"row.$":"$$.Map.Item.Index","cells.$":"$$.Map.Item.Value"},
              "ItemProcessor":{"StartAt":"Cells","States":{"Cells":{"Type":"Map","ItemsPath":"$.cells",
                "ItemSelector":{"row.$":"$.row","col.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value"},
                "ItemProcessor":{"StartAt":"Keep","States":{"Keep":{"Type":"Pass","End":true}}},"End":true}}},"End":true}}}
            """);
        var input = JsonValue.Parse("""{"rows":[["a","b"],["c"]]}""");
        var kernel = new ExecutionKernel();
        var recorded = await kernel.RunAsync(program, input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = true });
        var light = await kernel.RunAsync(program, input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false });

        Assert.True(light.EndedLight);
        Assert.Equal(recorded.Output, light.Output);
        Assert.Equal(recorded.StatesEntered, light.StatesEntered);
        Assert.Equal("c", light.Output[1][0]["v"].GetString());
        Assert.Equal("1", light.Output[1][0]["row"].ToJsonString());
        Assert.Equal("1", light.Output[0][1]["col"].ToJsonString());
    }

    [Theory]
    [InlineData("""{"id":"A-1","items":[{"qty":1},{"count":7}]}""")] // the ItemSelector fails on the second item
    [InlineData("""{"items":[{"qty":1}]}""")] // Init's path names nothing
    [InlineData("""{"id":"A-1","items":{"qty":1}}""")] // the Map's items are not an array
    public async Task A_failed_light_run_runs_again_and_fails_as_a_recorded_run_does(string input)
    {
        var program = AslInterpreter.Compile(Pure);
        var start = DateTimeOffset.UtcNow; // the cause quotes the context object, its times included: a clock that stands still
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = new FrozenClock(start) });
        var recorded = await kernel.RunAsync(program, JsonValue.Parse(input), new ExecutionRequest { Type = ExecutionType.Express, Name = "run", ExpressId = "id", StartDate = start, RecordHistory = true });
        var unrecorded = await kernel.RunAsync(program, JsonValue.Parse(input), new ExecutionRequest { Type = ExecutionType.Express, Name = "run", ExpressId = "id", StartDate = start, RecordHistory = false });

        Assert.Equal(ExecutionStatus.Failed, recorded.Status);
        Assert.False(unrecorded.EndedLight);
        Assert.Equal(recorded.Status, unrecorded.Status);
        Assert.Equal(recorded.Error, unrecorded.Error);
        Assert.Equal(recorded.Cause, unrecorded.Cause);
        Assert.Equal(recorded.StatesEntered, unrecorded.StatesEntered);
    }

    [Fact]
    public async Task A_Fail_state_ends_a_light_run_as_a_recorded_run_does()
    {
        var program = AslInterpreter.Compile("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Fail","Error":"Nope","Cause":"no"}}}""");
        var result = await new ExecutionKernel().RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false });
        Assert.Equal(("Nope", "no", 2L), (result.Error, result.Cause, result.StatesEntered));
    }

    [Fact]
    public async Task A_definition_that_reads_the_context_object_does_not_run_lightly()
    {
        var program = AslInterpreter.Compile("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"state.$":"$$.State.Name"},"End":true}}}""");
        var result = await new ExecutionKernel().RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false });
        Assert.False(result.EndedLight);
        Assert.Equal("""{"state":"A"}""", result.Output.ToJsonString());
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
