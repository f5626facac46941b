namespace AslCompiler.Generator.Tests.Generator;

/// <summary>Definitions the generator tests share.</summary>
internal static class Definitions
{
    /// <summary>
    /// A Lambda invoked by name through <c>lambda:invoke</c>, a Lambda by ARN, an SQS integration, a Choice, and state
    /// names that are not identifiers (spaces, a leading digit, "States", two names with the same PascalCase).
    /// </summary>
    public const string OrderProcessing = """
        {
          "Comment": "Prices an order and queues it",
          "StartAt": "Validate order",
          "States": {
            "Validate order": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": { "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:validate-order:$LATEST", "Payload.$": "$" },
              "ResultSelector": { "valid.$": "$.Payload.valid" },
              "ResultPath": "$.validation",
              "Next": "Is valid?"
            },
            "Is valid?": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.validation.valid", "BooleanEquals": true, "Next": "1st price" } ],
              "Default": "States"
            },
            "1st price": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:price",
              "ResultPath": "$.price",
              "Next": "validate_order"
            },
            "validate_order": {
              "Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": { "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody.$": "$" },
              "ResultPath": null,
              "End": true
            },
            "States": { "Type": "Fail", "Error": "Order.Invalid", "Cause": "The order did not validate" }
          }
        }
        """;

    public const string Refund = """
        {
          "StartAt": "Refund",
          "States": {
            "Refund": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "refund", "Payload.$": "$" }, "OutputPath": "$.Payload", "End": true }
          }
        }
        """;

    /// <summary>A callback task (<c>.waitForTaskToken</c>) and an activity.</summary>
    public const string Approval = """
        {
          "StartAt": "Ask",
          "States": {
            "Ask": {
              "Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": { "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals", "MessageBody": { "token.$": "$$.Task.Token" } },
              "Next": "Pack"
            },
            "Pack": { "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:pack", "End": true }
          }
        }
        """;

    /// <summary>Fails validation (Next names a missing state): the analyzer reports it, the generator skips it.</summary>
    public const string Broken = """
        { "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Nowhere" } } }
        """;
}
