using System.Globalization;
using System.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// <see cref="StatesPropertyTests"/> for JSONata definitions: Pass, Task (Arguments, Output, Assign, Retry, Catch with
/// its own Output and Assign), Choice (Condition, with Output and Assign on a rule), inline Map (Items, ItemSelector),
/// Parallel (Arguments), Wait (Seconds from an expression), Fail (Error and Cause from expressions) and Succeed, whose
/// fields mix expressions over <c>$states.input</c>, <c>$states.context</c>, <c>$states.result</c>,
/// <c>$states.errorOutput</c> and variables: arithmetic, strings, higher-order functions with lambdas, predicates,
/// sorting, regular expressions, object constructors and expressions that fail. Each runs on several inputs, history on
/// and off; status, output text, error, cause and every history event must be the interpreter's.
/// <c>ASL_JSONATA_STATES_SEED</c> and <c>ASL_JSONATA_STATES_COUNT</c> run other definitions.
/// </summary>
public class JsonataStatesPropertyTests(Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public async Task Generated_jsonata_definitions_agree_with_the_interpreter()
    {
        var seed = Environment.GetEnvironmentVariable("ASL_JSONATA_STATES_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20261206;
        var count = Environment.GetEnvironmentVariable("ASL_JSONATA_STATES_COUNT") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 120;
        var random = new Random(seed);
        var definitions = Enumerable.Range(0, count).Select(_ => Definition(random)).ToList();
        var runs = await GeneratedDefinitionRuns.RunAsync(definitions, "J", Inputs, "States.QueryEvaluationError");
        log.WriteLine(runs.Summary(count));
        runs.AssertAgreed(count, successes: runs.Compared / 4);

        // The expressions became C# (a definition whose expressions all fell back to the evaluator would test little),
        // and some runs stop at an expression that fails.
        Assert.True(runs.Sources.Values.Count(source => source.Contains("global::AslCompiler.Runtime.Compiled.JsonataOps.", StringComparison.Ordinal)) > runs.Compared / 2);
        Assert.True(runs.Outcomes.GetValueOrDefault("Failed States.QueryEvaluationError") > 0, runs.Summary(count));
    }

    private static readonly string[] Inputs =
    [
        """{"a":1,"b":"two","c":{"a":3,"b":[1,2]},"d":[1,2,3],"items":[{"k":"x","n":2},{"k":"y","n":5}]}""",
        """{"a":7,"b":"E1","c":{"a":"x","b":[]},"d":[5,1,5],"f":"Flaky","items":[]}""",
        """{"a":"x","b":2,"c":[1],"d":{"a":"y"},"f":"E2","items":[{"k":"z"}]}""",
    ];

    /// <summary>A JSONata definition of 3 to 9 states whose transitions go forward only, each state reachable.</summary>
    private static string Definition(Random random)
    {
        var count = random.Next(3, 10);
        var states = new List<string>
        {
            "\"S0\": { \"Type\": \"Pass\", \"Assign\": { \"v1\": \"{% $states.input.a %}\", \"v2\": 5, \"v3\": \"{% $states.input.c %}\" }, \"Next\": \"S1\" }",
        };
        for (var i = 1; i < count; i++)
        {
            var name = "S" + i.ToString(CultureInfo.InvariantCulture);
            var next = i + 1 < count ? "\"Next\": \"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"" : "\"End\": true";
            var ahead = i + 1 < count ? "S" + random.Next(i + 1, count).ToString(CultureInfo.InvariantCulture) : null;
            var body = random.Next(10) switch
            {
                0 or 1 or 2 => "\"Type\": \"Pass\", \"Output\": " + Output(random) + Assign(random) + ", " + next,
                3 or 4 => Task(random, next, ahead),
                5 when ahead is not null => Choice(random, i, count),
                6 => "\"Type\": \"Map\", \"Items\": \"{% " + Pick(random, "$states.input.items", "$states.input.d", "$states.input.b", "[1, 2, 3]") + " %}\"" +
                    (random.Next(2) == 0 ? ", \"ItemSelector\": { \"item\": \"{% $states.context.Map.Item.Value %}\", \"at\": \"{% $states.context.Map.Item.Index %}\", \"v\": \"{% $v2 %}\" }" : string.Empty) +
                    ", \"ItemProcessor\": { \"ProcessorConfig\": { \"Mode\": \"INLINE\" }, \"StartAt\": \"M" + name + "\", \"States\": { \"M" + name + "\": { \"Type\": \"Pass\", \"Output\": " + Value(random) + ", \"End\": true } } }" +
                    (random.Next(4) == 0 ? ", \"Output\": \"{% $count($states.result) %}\"" : ", \"Output\": \"{% $merge([$states.input, {'mapped': $states.result}]) %}\"") + ", " + next,
                7 => "\"Type\": \"Parallel\", \"Arguments\": " + Value(random) + ", \"Branches\": [ " +
                    "{ \"StartAt\": \"P" + name + "\", \"States\": { \"P" + name + "\": { \"Type\": \"Pass\", \"Output\": " + Value(random) + ", \"End\": true } } }, " +
                    "{ \"StartAt\": \"Q" + name + "\", \"States\": { \"Q" + name + "\": { \"Type\": \"Wait\", \"Seconds\": \"{% 1 + 1 %}\", \"End\": true } } } ]" +
                    (random.Next(4) == 0 ? ", \"Output\": \"{% $states.result[0] %}\", " : ", \"Output\": \"{% $merge([$states.input, {'branches': $states.result}]) %}\", ") + next,
                8 when i == count - 1 => "\"Type\": \"Fail\", \"Error\": \"{% 'Err' & $string($states.input.a) %}\", \"Cause\": \"{% $join(['cause', $string($v2)], ' ') %}\"",
                9 when i == count - 1 => "\"Type\": \"Succeed\", \"Output\": " + Value(random),
                _ => "\"Type\": \"Pass\", \"Output\": " + Output(random) + ", " + next,
            };
            states.Add("\"" + name + "\": { " + body + " }");
        }

        return "{ \"QueryLanguage\": \"JSONata\", \"StartAt\": \"S0\", \"States\": { " + string.Join(", ", states) + " } }";
    }

    private static string Task(Random random, string next, string? ahead)
    {
        var body = new StringBuilder("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:F\"");
        body.Append(random.Next(3) switch
        {
            0 => ", \"Arguments\": { \"fail\": \"{% $states.input.f %}\", \"x\": \"{% $states.input.a %}\" }",
            1 => ", \"Arguments\": { \"fail\": \"{% $states.input.b %}\", \"y\": 1 }",
            _ => ", \"Arguments\": " + Value(random),
        });
        if (random.Next(4) != 0)
        {
            body.Append(", \"Output\": \"{% $merge([$states.input, {'task': $states.result.state}]) %}\"");
        }

        body.Append(Assign(random));
        if (random.Next(2) == 0)
        {
            body.Append(", \"Retry\": [ { \"ErrorEquals\": [ \"Flaky\" ], \"IntervalSeconds\": 1, \"MaxAttempts\": 2 } ]");
        }

        if (ahead is not null && random.Next(2) == 0)
        {
            body.Append(", \"Catch\": [ { \"ErrorEquals\": [ \"States.ALL\" ], \"Output\": \"{% $states.errorOutput %}\", \"Assign\": { \"err\": \"{% $states.errorOutput.Error %}\" }, \"Next\": \"" + ahead + "\" } ]");
        }

        return body + ", " + next;
    }

    private static string Choice(Random random, int i, int count)
    {
        var withDefault = random.Next(4) != 0;
        var rules = new List<string>();
        for (var r = random.Next(1, 4); r > 0; r--)
        {
            var target = rules.Count == 0 && !withDefault ? i + 1 : random.Next(i + 1, count);
            var extra = random.Next(3) == 0 ? ", \"Output\": " + Value(random) + ", \"Assign\": { \"v2\": \"{% $v2 + 1 %}\" }" : string.Empty;
            rules.Add("{ \"Condition\": \"{% " + Condition(random) + " %}\", \"Next\": \"S" + target.ToString(CultureInfo.InvariantCulture) + "\"" + extra + " }");
        }

        return "\"Type\": \"Choice\", \"Choices\": [ " + string.Join(", ", rules) + " ]" + (withDefault ? ", \"Default\": \"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"" : string.Empty);
    }

    private static string Condition(Random random) => Pick(
        random,
        "$states.input.a > 2",
        "$exists($states.input.f)",
        "$type($states.input.b) = 'string'",
        "$count($states.input.d) >= 3",
        "$v2 = 5 and $states.input.a != 7",
        "$states.input.b in ['two', 'E1']",
        "$contains($string($states.input.c), 'a')",
        "$states.input.items[n > 3] ? true : false",
        "$states.input.a",
        "$not($boolean($v1))");

    // Most states keep their input and add a member (an undefined value leaves the member out), so later states still
    // find what they read.
    private static string Output(Random random) => random.Next(8) == 0
        ? Value(random)
        : "\"{% $merge([$states.input, {'p" + random.Next(3).ToString(CultureInfo.InvariantCulture) + "': (" + Expression(random) + ")}]) %}\"";

    private static string Value(Random random)
    {
        if (random.Next(3) == 0)
        {
            return "{ \"x\": \"{% " + Expression(random) + " %}\", \"y\": [ \"{% " + Expression(random) + " %}\", 1 ], \"z\": \"plain\" }";
        }

        return "\"{% " + Expression(random) + " %}\"";
    }

    private static string Expression(Random random) => Pick(
        random,
        "$states.input",
        "$states.input.a + 1",
        "$states.input.a * $v2",
        "$states.input.b & '-' & $string($states.input.a)",
        "$uppercase($states.input.b)",
        "$states.input.d[$ > 1]",
        "$sum($states.input.d)",
        "$map($states.input.d, function($v, $i) { $v * $i })",
        "$filter($states.input.items, function($it) { $it.n > 2 }).k",
        "$sort($states.input.d, function($l, $r) { $l < $r })",
        "$reverse($states.input.d)",
        "$keys($states.input.c)",
        "$merge([$states.input.c, {'added': true}])",
        "$lookup($states.input.c, 'a')",
        "$split($states.input.b, 'w')",
        "$match($string($states.input.b), /[a-z]+/).match",
        "$replace($string($states.input.b), /o/, '0')",
        "$formatNumber($number($states.input.a), '#,##0.00')",
        "$round($states.input.a / 3, 2)",
        "$states.input.items.{ 'key': k, 'double': n * 2 }",
        "$states.input.items^(>n).k",
        "$states.context.Execution.Name & '/' & $states.context.State.Name",
        "$states.context.State.EnteredTime",
        "$v3.a",
        "$v1 ? $v1 : 'none'",
        "$count($states.input.d) > 2 ? 'many' : 'few'",
        "$string($states.input)",
        "$states.input.items[0].k",
        "$states.input.missing.deeper",
        "$number($states.input.b)",
        "$states.input.a.b.c + 1",
        "{ 'n': $states.input.a, 'list': $states.input.d }",
        "$append($states.input.d, [9])",
        "$distinct($states.input.d)",
        "$zip($states.input.d, [7, 8, 9])",
        "$spread($states.input.c)",
        "$each($states.input.c, function($v, $k) { $k })",
        "$reduce($states.input.d, function($acc, $v) { $acc + $v }, 10)",
        "$substring($string($states.input.b), 1, 2)",
        "$pad($string($states.input.a), 5, '*')",
        "$base64encode($string($states.input.b))",
        "$states.input.d ~> $max()",
        "($x := $states.input.a; $x * $x)",
        "$partition($states.input.d, 2)",
        "$hash($string($states.input.b), 'SHA-256')");

    private static string Assign(Random random) => random.Next(3) == 0
        ? ", \"Assign\": { \"v1\": \"{% " + Expression(random) + " %}\", \"v2\": \"{% $v2 * 2 %}\" }"
        : string.Empty;

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
