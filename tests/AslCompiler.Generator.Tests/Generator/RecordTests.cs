using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Records: Pass outputs the runners hold as structs of their members (history off). The compiled class and the
/// interpreter agree on status, output text (members in the same order), error and cause for every way a record is
/// made, read, changed, joined from differently ordered producers, and turned back into JSON, with history off (the
/// runners) and on (the kernel's loop).
/// </summary>
public class RecordTests
{
    private const string Definition = """
        {
          "StartAt": "Route",
          "States": {
            "Route": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.mode", "StringEquals": "loop", "Next": "LoopInit" },
                { "Variable": "$.mode", "StringEquals": "missing", "Next": "MissingStart" },
                { "Variable": "$.mode", "StringEquals": "fail", "Next": "FailStart" },
                { "Variable": "$.mode", "StringEquals": "map", "Next": "MapStart" },
                { "Variable": "$.mode", "StringEquals": "keys", "Next": "Keys" },
                { "Variable": "$.mode", "StringEquals": "assign", "Next": "AssignStart" },
                { "Variable": "$.mode", "StringEquals": "self", "Next": "SelfInit" }
              ],
              "Default": "Start"
            },
            "Start": { "Type": "Pass", "Parameters": { "mode.$": "$.mode", "a.$": "$.a", "list.$": "$.list", "n": 0, "z": "zed" }, "Next": "Plain" },
            "Plain": { "Type": "Pass", "InputPath": "$", "OutputPath": "$", "Next": "Copy" },
            "Copy": {
              "Type": "Pass",
              "Parameters": {
                "z.$": "$.z", "mode.$": "$.mode", "b.$": "$.a.b", "whole.$": "$", "second.$": "$.list[1]", "all.$": "$.list[*]",
                "sum.$": "States.MathAdd($.n, 2)", "text.$": "States.Format('{}-{}', $.z, $.a)", "nested": { "again.$": "$.a", "k": 1 }
              },
              "Next": "Append"
            },
            "Append": { "Type": "Pass", "Result": { "r": 1 }, "ResultPath": "$.added", "Next": "Replace" },
            "Replace": { "Type": "Pass", "Parameters": { "x.$": "$.z", "s.$": "$.sum" }, "ResultPath": "$.mode", "Next": "Check" },
            "Check": {
              "Type": "Choice",
              "Choices": [
                { "And": [ { "Variable": "$.added.r", "NumericEquals": 1 }, { "Variable": "$.mode.x", "IsPresent": true } ], "Next": "Done" },
                { "Not": { "Variable": "$.z", "StringEquals": "zed" }, "Next": "Done" }
              ]
            },
            "Done": { "Type": "Succeed" },

            "LoopInit": { "Type": "Pass", "Parameters": { "i": 0, "n.$": "$.n", "tag.$": "$.tag" }, "Next": "Loop" },
            "Loop": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step" } ],
              "Default": "LoopEnd"
            },
            "Step": { "Type": "Pass", "Parameters": { "tag.$": "$.tag", "i.$": "States.MathAdd($.i, 1)", "n.$": "$.n" }, "Next": "Loop" },
            "LoopEnd": { "Type": "Pass", "Result": "end", "ResultPath": "$.last", "Next": "LoopOut" },
            "LoopOut": { "Type": "Pass", "Parameters": { "all.$": "$", "i.$": "$.i" }, "End": true },

            "MissingStart": { "Type": "Pass", "Parameters": { "a.$": "$.a", "which.$": "$.which", "z": "zed" }, "Next": "Which" },
            "Which": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.which", "StringEquals": "member", "Next": "NoMember" },
                { "Variable": "$.which", "StringEquals": "deeper", "Next": "NoDeeper" },
                { "Variable": "$.which", "StringEquals": "argument", "Next": "NoArgument" },
                { "Variable": "$.nothing", "StringEquals": "x", "Next": "NoMember" }
              ]
            },
            "NoMember": { "Type": "Pass", "Parameters": { "x.$": "$.nothing" }, "End": true },
            "NoDeeper": { "Type": "Pass", "Parameters": { "x.$": "$.a.nothing" }, "End": true },
            "NoArgument": { "Type": "Pass", "Parameters": { "x.$": "States.MathAdd($.a.none, 1)" }, "End": true },

            "FailStart": { "Type": "Pass", "Parameters": { "msg.$": "$.msg", "code": "E1" }, "Next": "Boom" },
            "Boom": { "Type": "Fail", "ErrorPath": "$.code", "CausePath": "$.msg" },

            "MapStart": { "Type": "Pass", "Parameters": { "list.$": "$.list", "z": "zed" }, "Next": "Each" },
            "Each": {
              "Type": "Map", "ItemsPath": "$.list.all",
              "ItemSelector": { "v.$": "$$.Map.Item.Value", "z.$": "$.z" },
              "ItemProcessor": { "StartAt": "Inner", "States": {
                "Inner": { "Type": "Pass", "Parameters": { "v.$": "$.v", "z.$": "$.z", "one": 1 }, "Next": "InnerSet" },
                "InnerSet": { "Type": "Pass", "Result": true, "ResultPath": "$.seen", "End": true } } },
              "ResultPath": "$.out",
              "Next": "AfterMap"
            },
            "AfterMap": { "Type": "Pass", "Parameters": { "out.$": "$.out", "z.$": "$.z", "first.$": "$.out[0]" }, "End": true },

            "Keys": {
              "Type": "Pass",
              "Parameters": { "Json.$": "$.v", "Order.$": "$.v", "value.$": "$.v", "frame": 1, "a_b.$": "$.v", "aB": 2, "1x": 3, "a b.$": "$.v", "": 4 },
              "Next": "KeysOut"
            },
            "KeysOut": { "Type": "Pass", "Parameters": { "all.$": "$", "j.$": "$.Json", "o.$": "$.Order" }, "End": true },

            "SelfInit": { "Type": "Pass", "Parameters": { "i": 0, "n.$": "$.n", "tag.$": "$.tag" }, "Next": "SelfStep" },
            "SelfStep": { "Type": "Pass", "Parameters": { "tag.$": "$.tag", "i.$": "States.MathAdd($.i, 1)", "n.$": "$.tag.n" }, "Next": "SelfEnd" },
            "SelfEnd": { "Type": "Pass", "Parameters": { "all.$": "$" }, "End": true },

            "AssignStart": { "Type": "Pass", "Parameters": { "v.$": "$.v", "w": 2 }, "Next": "AssignChoice" },
            "AssignChoice": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.v", "NumericGreaterThan": 1, "Assign": { "kept.$": "$.w" }, "Next": "AssignEnd" } ],
              "Default": "AssignEnd"
            },
            "AssignEnd": { "Type": "Pass", "Parameters": { "v.$": "$.v", "w.$": "$.w" }, "End": true }
          }
        }
        """;

    private const string ParallelDefinition = """
        {
          "StartAt": "Both",
          "States": {
            "Both": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "B1", "States": {
                  "B1": { "Type": "Pass", "Parameters": { "v.$": "$.v", "k": "one" }, "Next": "B2" },
                  "B2": { "Type": "Choice", "Choices": [ { "Variable": "$.v", "NumericGreaterThan": 1, "Next": "B3" } ], "Default": "B4" },
                  "B3": { "Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true },
                  "B4": { "Type": "Pass", "Result": "small", "ResultPath": "$.k", "End": true } } },
                { "StartAt": "C1", "States": { "C1": { "Type": "Wait", "Seconds": 0, "Next": "C2" },
                  "C2": { "Type": "Pass", "Parameters": { "w.$": "$.v" }, "End": true } } }
              ],
              "Next": "After"
            },
            "After": { "Type": "Pass", "Parameters": { "first.$": "$[0]", "second.$": "$[1].w" }, "Next": "Last" },
            "Last": { "Type": "Pass", "Parameters": { "f.$": "$.first", "s.$": "$.second" }, "End": true }
          }
        }
        """;

    [Theory]
    [InlineData("""{"mode":"chain","a":{"b":{"c":1}},"list":[1,2,3]}""")]
    [InlineData("""{"mode":"chain","a":"flat","list":[1,2,3]}""")]
    [InlineData("""{"mode":"chain","a":{"b":2},"list":[1]}""")]
    [InlineData("""{"mode":"chain","list":[1,2]}""")]
    [InlineData("""{"mode":"loop","n":0,"tag":"t"}""")]
    [InlineData("""{"mode":"loop","n":3,"tag":{"deep":[1]}}""")]
    [InlineData("""{"mode":"loop","n":"x","tag":"t"}""")]
    [InlineData("""{"mode":"missing","a":{"b":1},"which":"member"}""")]
    [InlineData("""{"mode":"missing","a":{"b":1},"which":"deeper"}""")]
    [InlineData("""{"mode":"missing","a":{"b":1},"which":"argument"}""")]
    [InlineData("""{"mode":"missing","a":{"b":1},"which":"none"}""")]
    [InlineData("""{"mode":"fail","msg":"it broke"}""")]
    [InlineData("""{"mode":"fail","msg":{"not":"text"}}""")]
    [InlineData("""{"mode":"map","list":{"all":[1,{"k":2},"three"]}}""")]
    [InlineData("""{"mode":"map","list":{"all":[]}}""")]
    [InlineData("""{"mode":"map","list":{"all":{"not":"an array"}}}""")]
    [InlineData("""{"mode":"map","list":{"none":[]}}""")]
    [InlineData("""{"mode":"map","list":[1]}""")]
    [InlineData("""{"mode":"keys","v":[true]}""")]
    [InlineData("""{"mode":"assign","v":2}""")]
    [InlineData("""{"mode":"assign","v":0}""")]
    [InlineData("""{"mode":"self","n":5,"tag":{"n":2}}""")]
    [InlineData("""{"mode":"self","n":5,"tag":{"m":2}}""")]
    public async Task Records_and_the_interpreter_agree(string input)
    {
        var (output, source) = GeneratorHarness.Generate("Flows/Records.asl.json", Definition);

        // Records are made and handed on (the loop's two producers order their members differently), and set.
        Assert.Contains("private readonly struct Record", source, StringComparison.Ordinal);
        Assert.Contains("Order switch", source, StringComparison.Ordinal);
        Assert.Contains("(in record", source, StringComparison.Ordinal);
        Assert.Contains("global::AslCompiler.Runtime.Json.JsonValue member = result.IsUndefined", source, StringComparison.Ordinal);
        Assert.Contains("frame.StartMapIteration<Record", source, StringComparison.Ordinal); // the ItemSelector's record
        Assert.Contains("frame.SelectorBound(items[i], effectiveBound, ", source, StringComparison.Ordinal);
        Assert.Contains("(in record", source, StringComparison.Ordinal);
        Assert.Matches(@"ref sizeBound, frame, cancellationToken, out (Record\d* next|record\d*)\);", source); // a Map finished on its record
        Assert.Matches(@"\(in record\d*, frame, out record\d*\);", source); // a record built straight into the next state's input
        Assert.Matches(@"\(in (record\d*), frame, out \1\);", source); // ... which is its own input (SelfStep: the same shape)
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Records", "records");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, Definition, input, GeneratorHarness.FixedClockKernel, "records");
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("""{"a":"x","b":[1]}""")]
    [InlineData("""{"b":2}""")]
    public async Task Members_named_like_members_of_object_make_record_fields_that_compile(string input)
    {
        // A record's field named ToString, Equals ... hid object's member: CS0108, an error under warnings-as-errors.
        const string definition = """
            {
              "StartAt": "Make",
              "States": {
                "Make": {
                  "Type": "Pass",
                  "Parameters": { "ToString.$": "$.a", "Equals": 1, "GetHashCode.$": "$.b", "GetType": "t", "ReferenceEquals": 2, "MemberwiseClone": 3, "Finalize": 4 },
                  "Next": "Read"
                },
                "Read": { "Type": "Pass", "Parameters": { "text.$": "$.ToString", "hash.$": "$.GetHashCode", "type.$": "$.GetType", "Equals.$": "$.Equals" }, "Next": "Check" },
                "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.text", "IsPresent": true, "Next": "Done" } ], "Default": "Done" },
                "Done": { "Type": "Succeed" }
              }
            }
            """;
        var (output, source) = GeneratorHarness.Generate("Flows/ObjectMembers.asl.json", definition); // no error or warning
        Assert.Contains("ToString2", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.ObjectMembers", "object-members");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "object-members");
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task An_output_made_without_a_payload_limit_carries_no_bound_into_a_run_with_one()
    {
        // A runner hands its last record on with the bound it proved (CompiledJson.WithBound). With no limit nothing is
        // proved, and the input's bound must not be kept on the bigger output: a later check would trust it.
        const string grow = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "$.x", "b.$": "$.x",
              "c": "a constant far longer than the input it is set beside, so the output is more than twice its size"}, "End": true}}}
            """;
        var (output, _) = GeneratorHarness.Generate("Flows/Grow.asl.json", grow);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Grow", "grow");
        try
        {
            // The input was checked by a run with the limit before, so it keeps its own bound.
            var pass = AslInterpreter.Compile("""{"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}""");
            var input = JsonValue.Parse("""{"x":"abc"}""");
            Assert.Equal(ExecutionStatus.Succeeded, (await GeneratorHarness.FixedClockKernel().RunAsync(pass, input)).Status);

            var unlimited = await GeneratorHarness.FixedClockKernel(0).RunAsync(compiled, input, new ExecutionRequest { RecordHistory = false }); // the runner
            Assert.Equal(ExecutionStatus.Succeeded, unlimited.Status);
            var size = Encoding.UTF8.GetByteCount(unlimited.Output.ToJsonString());

            var limited = await GeneratorHarness.FixedClockKernel(size - 1).RunAsync(pass, unlimited.Output);
            Assert.Equal(ExecutionStatus.Failed, limited.Status);
            Assert.Equal("States.DataLimitExceeded", limited.Error);
            Assert.Equal(ExecutionStatus.Succeeded, (await GeneratorHarness.FixedClockKernel(size).RunAsync(pass, unlimited.Output)).Status);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("""{"v":2}""")]
    [InlineData("""{"v":0}""")]
    [InlineData("""{"w":0}""")]
    public async Task Records_in_an_asynchronous_runner_and_its_branches_agree(string input)
    {
        var (output, source) = GeneratorHarness.Generate("Flows/Branches.asl.json", ParallelDefinition);
        Assert.Contains("(in record", source, StringComparison.Ordinal);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Branches", "branches");
        try
        {
            Assert.NotNull(compiled.AsynchronousRoot);
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, ParallelDefinition, input, GeneratorHarness.FixedClockKernel, "branches");
        }
        finally
        {
            context.Unload();
        }
    }
}
