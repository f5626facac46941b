using System.Globalization;
using System.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The generator against the interpreter on generated JSONPath definitions that mix every state type: Pass (templates
/// with intrinsics, context object and variable references, filters, slices and wildcards), Task (handlers that answer,
/// fail or fail once, with Retry, Catch, ResultSelector and ResultPath), Choice (nested And, Or and Not, path and
/// type tests), inline Map, Parallel, Wait, Fail (paths too) and Succeed, with Assign. Each runs on several inputs with
/// history on and off, on a virtual clock and one seed; status, output text, error, cause and every history event must
/// be the interpreter's. The definitions come from a fixed seed, so a failure names one that can be run again;
/// <c>ASL_STATES_SEED</c> runs another seed and <c>ASL_STATES_COUNT</c> another number of definitions.
/// </summary>
public class StatesPropertyTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly string[] Keys = ["a", "b", "c", "d"];

    [Fact]
    public async Task Generated_definitions_of_every_state_type_agree_with_the_interpreter()
    {
        var seed = Environment.GetEnvironmentVariable("ASL_STATES_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20261206;
        var count = Environment.GetEnvironmentVariable("ASL_STATES_COUNT") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 150;
        var random = new Random(seed);
        var definitions = Enumerable.Range(0, count).Select(_ => Definition(random)).ToList();
        var runs = await GeneratedDefinitionRuns.RunAsync(definitions, "D", Inputs, "States.Runtime");
        log.WriteLine(runs.Summary(count));
        runs.AssertAgreed(count, successes: runs.Compared);

        // The runs take many ways through the definitions: successes, caught and uncaught task failures, Fail states,
        // no Choice matched, and runtime failures of paths and intrinsics.
        Assert.True(runs.Outcomes.Count(o => o.Key.StartsWith("Failed ", StringComparison.Ordinal)) >= 4, runs.Summary(count));
    }

    private static readonly string[] Inputs =
    [
        """{"a":1,"b":"two","c":{"a":3,"b":[1,2]},"d":[1,2,3]}""",
        """{"a":7,"b":"E1","c":{"a":"x","b":[]},"d":[5,1,5],"f":"Flaky"}""",
        """{"a":"x","b":2,"c":5,"d":{"a":"y"},"f":"E2"}""",
        """{"a":2.5,"b":null,"c":{"a":{"a":1},"b":[3,1,2]},"d":[],"f":"2026-01-02T03:04:05Z"}""",
    ];

    /// <summary>A definition of 3 to 9 states whose transitions go forward only (so every run ends), each state reachable.</summary>
    private static string Definition(Random random)
    {
        var count = random.Next(3, 10);
        var states = new List<string>();

        // The first state assigns the variables later states may read.
        states.Add("\"S0\": { \"Type\": \"Pass\", \"Assign\": { \"v1.$\": \"$.a\", \"v2\": 5, \"v3.$\": \"$.c\" }, \"Next\": \"S1\" }");
        for (var i = 1; i < count; i++)
        {
            var name = Name(i);
            var next = i + 1 < count ? "\"Next\": \"" + Name(i + 1) + "\"" : "\"End\": true";
            var ahead = i + 1 < count ? Name(random.Next(i + 1, count)) : null;
            string body = random.Next(12) switch
            {
                0 or 1 => "\"Type\": \"Pass\", \"Parameters\": " + Template(random) + ResultPath(random) + IoPaths(random) + Assign(random) + ", " + next,
                2 => "\"Type\": \"Pass\", \"Result\": " + Constant(random) + ResultPath(random) + ", " + next,
                3 or 4 => Task(random, next, ahead),
                5 when ahead is not null => Choice(random, i, count),
                6 => Map(random, name, next, ahead),
                7 => Parallel(random, name, next, ahead),
                8 => "\"Type\": \"Wait\", " + (random.Next(2) == 0 ? "\"Seconds\": 2" : "\"SecondsPath\": \"$.a\"") + ", " + next,
                9 when i == count - 1 => random.Next(2) == 0
                    ? "\"Type\": \"Fail\", \"Error\": \"Boom\", \"Cause\": \"it broke\""
                    : "\"Type\": \"Fail\", \"ErrorPath\": \"$.b\", \"CausePath\": \"States.Format('cause {}', $.a)\"",
                10 when i == count - 1 => "\"Type\": \"Succeed\", \"OutputPath\": \"$." + Key(random) + "\"",
                _ => "\"Type\": \"Pass\", \"Parameters\": " + Template(random) + ", \"ResultPath\": \"$.p" + i.ToString(CultureInfo.InvariantCulture) + "\", " + next,
            };
            states.Add("\"" + name + "\": { " + body + " }");
        }

        return "{ \"StartAt\": \"S0\", \"States\": { " + string.Join(", ", states) + " } }";
    }

    private static string Name(int i) => "S" + i.ToString(CultureInfo.InvariantCulture);

    private static string Task(Random random, string next, string? ahead)
    {
        var body = new StringBuilder("\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:F\"");
        body.Append(random.Next(3) switch
        {
            0 => ", \"Parameters\": { \"fail.$\": \"$.f\", \"x.$\": \"$.a\" }",
            1 => ", \"Parameters\": { \"fail.$\": \"$.b\", \"y\": 1 }",
            _ => ", \"Parameters\": " + Template(random),
        });
        if (random.Next(3) == 0)
        {
            body.Append(", \"ResultSelector\": { \"g.$\": \"$.got\", \"s.$\": \"$.state\", \"n.$\": \"States.ArrayLength(States.Array($.got, 1))\" }");
        }

        body.Append(ResultPath(random));
        if (random.Next(2) == 0)
        {
            body.Append(", \"Retry\": [ { \"ErrorEquals\": [ \"Flaky\" ], \"IntervalSeconds\": 1, \"MaxAttempts\": 2, \"BackoffRate\": 2 }");
            body.Append(random.Next(2) == 0 ? ", { \"ErrorEquals\": [ \"States.ALL\" ], \"MaxAttempts\": 1, \"IntervalSeconds\": 3 } ]" : " ]");
        }

        if (ahead is not null && random.Next(2) == 0)
        {
            body.Append(", \"Catch\": [ { \"ErrorEquals\": [ \"E1\" ], \"ResultPath\": \"$.err\", \"Next\": \"" + ahead + "\" }");
            body.Append(random.Next(2) == 0 ? ", { \"ErrorEquals\": [ \"States.ALL\" ], \"Next\": \"" + ahead + "\" } ]" : " ]");
        }

        return body + ", " + next;
    }

    private static string Choice(Random random, int i, int count)
    {
        // Without a Default the first rule goes to the next state (every state stays reachable); a run that matches no
        // rule fails with States.NoChoiceMatched.
        var withDefault = random.Next(4) != 0;
        var rules = new List<string>();
        for (var r = random.Next(1, 4); r > 0; r--)
        {
            var target = rules.Count == 0 && !withDefault ? i + 1 : random.Next(i + 1, count);
            rules.Add(Rule(random, 0).Insert(1, " \"Next\": \"" + Name(target) + "\","));
        }

        var assign = random.Next(3) == 0 ? ", \"Assign\": { \"v2.$\": \"States.MathAdd($v2, 1)\" }" : string.Empty;
        var fallback = withDefault ? ", \"Default\": \"" + Name(i + 1) + "\"" : string.Empty;
        return "\"Type\": \"Choice\", \"Choices\": [ " + string.Join(", ", rules) + " ]" + fallback + assign;
    }

    private static string Rule(Random random, int depth)
    {
        if (depth < 2 && random.Next(4) == 0)
        {
            var parts = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Rule(random, depth + 1)).ToList();
            return random.Next(3) switch
            {
                0 => "{ \"Not\": " + parts[0] + " }",
                1 => "{ \"And\": [ " + string.Join(", ", parts) + " ] }",
                _ => "{ \"Or\": [ " + string.Join(", ", parts) + " ] }",
            };
        }

        var variable = "\"Variable\": \"" + random.Next(6) switch
        {
            0 => "$.c.a",
            1 => "$.d[0]",
            2 => "$v1",
            _ => "$." + Key(random),
        } + "\"";
        var test = random.Next(14) switch
        {
            0 => "\"IsPresent\": true",
            1 => "\"IsNull\": false",
            2 => "\"IsString\": true",
            3 => "\"IsNumeric\": true",
            4 => "\"NumericGreaterThan\": 2",
            5 => "\"NumericLessThanEqualsPath\": \"$.c.a\"",
            6 => "\"StringEquals\": \"two\"",
            7 => "\"StringMatches\": \"t*o\"",
            8 => "\"StringLessThanPath\": \"$.b\"",
            9 => "\"BooleanEquals\": true",
            10 => "\"TimestampLessThan\": \"2030-01-01T00:00:00Z\"",
            11 => "\"IsTimestamp\": true",
            12 => "\"NumericEqualsPath\": \"$v2\"",
            _ => "\"IsBoolean\": false",
        };
        return "{ " + variable + ", " + test + " }";
    }

    private static string Map(Random random, string name, string next, string? ahead)
    {
        var items = random.Next(4) switch
        {
            0 => "$.c.b",
            1 => "$.a",
            _ => "$.d",
        };
        var selector = random.Next(2) == 0 ? ", \"ItemSelector\": { \"v.$\": \"$$.Map.Item.Value\", \"i.$\": \"$$.Map.Item.Index\", \"k.$\": \"$." + Key(random) + "\" }" : string.Empty;
        var inner = random.Next(3) switch
        {
            0 => "\"M" + name + "\": { \"Type\": \"Pass\", \"Parameters\": { \"w.$\": \"$\", \"n.$\": \"$$.State.Name\" }, \"End\": true }",
            1 => "\"M" + name + "\": { \"Type\": \"Choice\", \"Choices\": [ { \"Variable\": \"$\", \"IsNumeric\": true, \"Next\": \"N" + name + "\" } ], \"Default\": \"F" + name + "\" }, " +
                 "\"N" + name + "\": { \"Type\": \"Pass\", \"Parameters\": { \"twice.$\": \"States.MathAdd($, $)\" }, \"End\": true }, " +
                 "\"F" + name + "\": { \"Type\": \"Fail\", \"Error\": \"NotANumber\", \"Cause\": \"an item is not a number\" }",
            _ => "\"M" + name + "\": { \"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:G\", \"Parameters\": { \"item.$\": \"$\" }, \"OutputPath\": \"$.got\", \"End\": true }",
        };
        var resultSelector = random.Next(3) == 0 ? ", \"ResultSelector\": { \"all.$\": \"$\", \"first.$\": \"$[0]\" }" : string.Empty;
        var catcher = ahead is not null && random.Next(2) == 0 ? ", \"Catch\": [ { \"ErrorEquals\": [ \"States.ALL\" ], \"ResultPath\": \"$.mapErr\", \"Next\": \"" + ahead + "\" } ]" : string.Empty;
        var concurrency = random.Next(2) == 0 ? ", \"MaxConcurrency\": 1" : string.Empty;
        return "\"Type\": \"Map\", \"ItemsPath\": \"" + items + "\"" + selector + concurrency +
            ", \"ItemProcessor\": { \"ProcessorConfig\": { \"Mode\": \"INLINE\" }, \"StartAt\": \"M" + name + "\", \"States\": { " + inner + " } }" +
            resultSelector + ResultPath(random) + catcher + ", " + next;
    }

    private static string Parallel(Random random, string name, string next, string? ahead)
    {
        string Branch(int b) => random.Next(4) switch
        {
            0 => "{ \"StartAt\": \"B" + b + name + "\", \"States\": { \"B" + b + name + "\": { \"Type\": \"Fail\", \"Error\": \"Branch\", \"Cause\": \"branch " + b + "\" } } }",
            1 => "{ \"StartAt\": \"B" + b + name + "\", \"States\": { \"B" + b + name + "\": { \"Type\": \"Wait\", \"Seconds\": " + (b + 1) + ", \"Next\": \"C" + b + name + "\" }, \"C" + b + name + "\": { \"Type\": \"Pass\", \"Result\": " + b + ", \"End\": true } } }",
            _ => "{ \"StartAt\": \"B" + b + name + "\", \"States\": { \"B" + b + name + "\": { \"Type\": \"Pass\", \"Parameters\": " + Template(random) + ", \"End\": true } } }",
        };

        var resultSelector = random.Next(3) == 0 ? ", \"ResultSelector\": { \"left.$\": \"$[0]\", \"count.$\": \"States.ArrayLength($)\" }" : string.Empty;
        var catcher = ahead is not null && random.Next(2) == 0 ? ", \"Catch\": [ { \"ErrorEquals\": [ \"Branch\" ], \"ResultPath\": \"$.branchErr\", \"Next\": \"" + ahead + "\" } ]" : string.Empty;
        return "\"Type\": \"Parallel\", \"Branches\": [ " + Branch(0) + ", " + Branch(1) + " ]" + resultSelector + ResultPath(random) + catcher + ", " + next;
    }

    /// <summary>An object template of 1 to 4 distinct members: paths, intrinsics, context object and variable references, constants.</summary>
    private static string Template(Random random)
    {
        var keys = Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToList();
        var members = new StringBuilder();
        foreach (var key in keys)
        {
            if (members.Length > 0)
            {
                members.Append(", ");
            }

            members.Append(random.Next(5) == 0 ? "\"" + key + "\": " + Constant(random) : "\"" + key + ".$\": \"" + PathValue(random) + "\"");
        }

        if (random.Next(6) == 0)
        {
            members.Append(", \"nested\": { \"deep.$\": \"" + PathValue(random) + "\" }");
        }

        return "{ " + members + " }";
    }

    private static string PathValue(Random random) => random.Next(34) switch
    {
        0 => "$",
        1 => "$.d[*]",
        2 => "$.d[0:2]",
        3 => "$.d[?(@ > 1)]",
        4 => "$..a",
        5 => "$.c.b[1]",
        6 => "$$.State.Name",
        7 => "$$.Execution.Name",
        8 => "$$.Execution.Input.a",
        9 => "$$.State.EnteredTime",
        10 => "$v1",
        11 => "$v3.a",
        12 => "States.Array($.a, $.b)",
        13 => "States.ArrayLength($.d)",
        14 => "States.ArrayContains($.d, 2)",
        15 => "States.ArrayRange(1, 9, 3)",
        16 => "States.ArrayGetItem($.d, 1)",
        17 => "States.ArrayPartition($.d, 2)",
        18 => "States.ArrayUnique($.d)",
        19 => "States.JsonToString($.c)",
        20 => "States.StringToJson('{\\\"x\\\":[1,2]}')",
        21 => "States.Base64Encode($.b)",
        22 => "States.Hash($.b, 'SHA-256')",
        23 => "States.StringSplit('a,b,,c', ',')",
        24 => "States.MathRandom(1, 100)",
        25 => "States.UUID()",
        26 => "States.JsonMerge($.c, $v3, false)",
        27 => "States.Format('{} and {}', $.a, $.b)",
        28 => "States.MathAdd($.a, $v2)",
        29 => "$.c.b.length()",
        30 => "$.d[-1:]",
        31 => "$.c[?(@.a)]",
        _ => "$." + Key(random),
    };

    private static string ResultPath(Random random) => random.Next(6) switch
    {
        0 => ", \"ResultPath\": \"$.c.x\"",
        1 => ", \"ResultPath\": null",
        2 => ", \"ResultPath\": \"$\"",
        _ => ", \"ResultPath\": \"$." + Key(random) + "\"",
    };

    private static string IoPaths(Random random) => random.Next(5) switch
    {
        0 => ", \"InputPath\": \"$.c\"",
        1 => ", \"OutputPath\": \"$." + Key(random) + "\"",
        _ => string.Empty,
    };

    private static string Assign(Random random) => random.Next(4) == 0 ? ", \"Assign\": { \"v1.$\": \"$.b\", \"v4.$\": \"$$.State.EnteredTime\" }" : string.Empty;

    private static string Constant(Random random) => random.Next(4) switch
    {
        0 => random.Next(100).ToString(CultureInfo.InvariantCulture),
        1 => "[ 1, \"two\", null ]",
        2 => "\"s" + random.Next(10).ToString(CultureInfo.InvariantCulture) + "\"",
        _ => "{ \"x\": " + random.Next(10).ToString(CultureInfo.InvariantCulture) + " }",
    };

    private static string Key(Random random) => Keys[random.Next(Keys.Length)];
}
