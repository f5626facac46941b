using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// What a Choice rule and a template member cost in generated source, and the shapes that keep big definitions quick
/// to compile: a Choice state's rules share their locals in the runner (a local per rule made C#'s flow analysis of the
/// runner's method grow with the square of the rules: 4,000 rules took 36 s to compile, now 4 s), the steps of a
/// path go into one local, and a template of more members than a record takes builds its object.
/// </summary>
public class GeneratedSizeTests
{
    [Fact]
    public void A_choice_rule_and_a_template_member_cost_bounded_source()
    {
        // Measured from the difference between two sizes, so the fixed part of the class drops out. Before: 1,945 bytes
        // a rule, 1,191 a member (a record of every template); now about 1,670 and 405.
        var rule = (Source(Choice(300)).Length - Source(Choice(100)).Length) / 200.0;
        var member = (Source(Template(500)).Length - Source(Template(300)).Length) / 200.0;

        Assert.InRange(rule, 1, 1_750);
        Assert.InRange(member, 1, 450);
    }

    [Fact]
    public void The_rules_of_a_choice_share_one_local_in_the_runner()
    {
        var source = Source(Choice(20));

        Assert.Single(Regex.Matches(source, @"EvaluationResult rule;"));
        Assert.DoesNotMatch(@"\brule\d+\b", source);
        Assert.Equal(20, Regex.Count(source, @"rule = State1_Choice\d+\(effective, frame\);"));
    }

    [Fact]
    public void A_template_of_more_members_than_a_record_takes_builds_its_object_with_one_local()
    {
        var small = Source(Template(256));
        var big = Source(Template(257));

        Assert.Contains("private readonly struct Record", small, StringComparison.Ordinal);
        Assert.DoesNotContain("private readonly struct Record", big, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bp\d+\b", big); // every member's path goes into the one local p
    }

    [Theory]
    [InlineData("""{"data":{"mode":3,"route":{"to":"x"}}}""")] // a rule that matches, its Assign, the OutputPath
    [InlineData("""{"data":{"mode":39,"route":{"to":"x"}}}""")] // the last rule
    [InlineData("""{"data":{"mode":7,"route":{"to":"x"}}}""")] // a rule with its own Assign
    [InlineData("""{"data":{"mode":"none","route":{"to":"x"}}}""")] // the Default
    [InlineData("""{"data":{"mode":3}}""")] // the OutputPath names nothing
    [InlineData("""{"data":{"route":{"to":"x"}}}""")] // a rule's Variable names nothing
    [InlineData("""{"nodata":1}""")] // the InputPath names nothing
    public async Task A_choice_of_many_rules_with_InputPath_OutputPath_and_Assign_agrees_with_the_interpreter(string input)
    {
        // The rules' Assign and OutputPath write locals the case declares once; each path must still fail as the
        // interpreter does, and each match assign and select its own.
        var rules = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            rules.Append(i == 0 ? string.Empty : ", ").Append("{ \"Variable\": \"$.mode\", \"NumericEquals\": ").Append(i).Append(", \"Next\": \"Done\"")
                .Append(i == 7 ? ", \"Assign\": { \"which.$\": \"$.mode\" }" : string.Empty).Append(" }");
        }

        var definition = """
            {
              "StartAt": "Route",
              "States": {
                "Route": {
                  "Type": "Choice", "InputPath": "$.data", "OutputPath": "$.route", "Assign": { "which": "state" },
                  "Choices": [ RULES ],
                  "Default": "Other"
                },
                "Other": { "Type": "Pass", "Parameters": { "which.$": "$which", "route.$": "$" }, "End": true },
                "Done": { "Type": "Pass", "Parameters": { "which.$": "$which", "route.$": "$" }, "End": true }
              }
            }
            """.Replace("RULES", rules.ToString(), StringComparison.Ordinal);
        var (output, source) = GeneratorHarness.Generate("Flows/Route.asl.json", definition);
        foreach (var local in new[] { "rule", "output", "selected", "assign", "assigned" })
        {
            Assert.Single(Regex.Matches(source, @"\b(EvaluationResult|JsonValue) " + local + ";")); // declared once for the case
        }

        Assert.Equal(41, Regex.Count(source, @"\bselected = ")); // each rule and the Default select their output

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Route", "route");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "route");
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData(257, """{"v0":0,"v1":"one","v2":{"deep":[1,2]}}""")]
    [InlineData(257, """{"v0":0}""")] // a member's path names nothing
    [InlineData(3, """{"v0":0,"v1":"one","v2":{"deep":[1,2]}}""")]
    public async Task A_big_template_without_a_record_agrees_with_the_interpreter(int members, string input)
    {
        var definition = Template(members, deep: true);
        var (output, _) = GeneratorHarness.Generate("Flows/Wide.asl.json", definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Wide", "wide");
        try
        {
            await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, () => new ExecutionKernel(new ExecutionOptions()), "wide");
        }
        finally
        {
            context.Unload();
        }
    }

    private static string Source(string definition) => GeneratorHarness.Generate("Flows/Big.asl.json", definition).Source;

    /// <summary>A Choice state of <paramref name="rules"/> rules on one Variable, all to the same state.</summary>
    private static string Choice(int rules)
    {
        var text = new StringBuilder("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[""");
        for (var i = 0; i < rules; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append("""{"Variable":"$.value","NumericEquals":""").Append(i).Append(""","Next":"D"}""");
        }

        return text.Append("""],"Default":"D"},"D":{"Type":"Succeed"}}}""").ToString();
    }

    /// <summary>A Pass state whose Parameters has <paramref name="members"/> path members (with <paramref name="deep"/>, some of two steps and some constant).</summary>
    private static string Template(int members, bool deep = false)
    {
        var text = new StringBuilder("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{""");
        for (var i = 0; i < members; i++)
        {
            text.Append(i == 0 ? string.Empty : ",");
            if (deep && i % 3 == 2)
            {
                text.Append("\"m").Append(i).Append(".$\":\"$.v2.deep\"");
            }
            else if (deep && i % 5 == 4)
            {
                text.Append("\"m").Append(i).Append("\":").Append(i);
            }
            else
            {
                text.Append("\"m").Append(i).Append(".$\":\"$.v").Append(i % 3).Append('"');
            }
        }

        return text.Append("""},"End":true}}}""").ToString();
    }
}
