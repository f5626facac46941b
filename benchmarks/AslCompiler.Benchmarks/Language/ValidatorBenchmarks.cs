using System;
using System.Globalization;
using System.Text;
using AslCompiler.Language.Validation;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Language;

/// <summary>Validating a 200-state definition (goal: under 2 ms), from text to the AWS-shaped result.</summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private const int StateCount = 200;
    private string _definition = string.Empty;

    /// <summary>Builds a valid definition with Pass, Task (Retry/Catch), Choice and Wait states, paths and intrinsics.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        builder.Append("{\"Comment\": \"200 states\", \"StartAt\": \"S0\", \"States\": {\n");
        for (var i = 0; i < StateCount - 1; i++)
        {
            var name = "S" + i.ToString(CultureInfo.InvariantCulture);
            var next = "S" + (i + 1).ToString(CultureInfo.InvariantCulture);
            builder.Append('"').Append(name).Append("\": ");
            switch (i % 4)
            {
                case 0:
                    builder.Append("{\"Type\": \"Pass\", \"Parameters\": {\"id.$\": \"$.order.id\", \"items.$\": \"$.items[?(@.qty > 1)]\", \"total.$\": \"States.MathAdd($.total, 1)\", \"note\": \"x\"}, \"ResultPath\": \"$.step\", \"Assign\": {\"last\": \"")
                        .Append(name).Append("\"}, \"Next\": \"").Append(next).Append("\"},\n");
                    break;
                case 1:
                    builder.Append("{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:123456789012:function:work\", \"Payload.$\": \"$\"}, ")
                        .Append("\"Retry\": [{\"ErrorEquals\": [\"Lambda.ServiceException\"], \"IntervalSeconds\": 2, \"MaxAttempts\": 3, \"BackoffRate\": 1.5}, {\"ErrorEquals\": [\"States.ALL\"]}], ")
                        .Append("\"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.error\", \"Next\": \"Failed\"}], \"TimeoutSeconds\": 30, \"Next\": \"").Append(next).Append("\"},\n");
                    break;
                case 2:
                    builder.Append("{\"Type\": \"Choice\", \"Choices\": [{\"And\": [{\"Variable\": \"$.total\", \"NumericGreaterThan\": 10}, {\"Variable\": \"$.status\", \"StringEquals\": \"open\"}], \"Next\": \"")
                        .Append(next).Append("\"}], \"Default\": \"").Append(next).Append("\"},\n");
                    break;
                default:
                    builder.Append("{\"Type\": \"Wait\", \"SecondsPath\": \"$.delay\", \"Next\": \"").Append(next).Append("\"},\n");
                    break;
            }
        }

        builder.Append("\"S").Append((StateCount - 1).ToString(CultureInfo.InvariantCulture)).Append("\": {\"Type\": \"Succeed\"},\n");
        builder.Append("\"Failed\": {\"Type\": \"Fail\", \"Error\": \"Failed\", \"Cause\": \"see $.error\"}\n}}\n");
        _definition = builder.ToString();
        var result = AslValidator.Validate(_definition);
        if (!result.IsOk)
        {
            throw new InvalidOperationException("The benchmark definition must be valid: " + string.Join("; ", result.Diagnostics));
        }
    }

    /// <summary>Parse, build the model and run every rule.</summary>
    [Benchmark]
    public ValidationResult Validate200States() => AslValidator.Validate(_definition);
}
