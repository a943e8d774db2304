import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { RULE_MESSAGES, RuleCode, RuleCodeEnum } from '@platform/errors/rule-codes';
import { SignedIn } from './access.decorators';

@ObjectType({ description: 'A domain rule and what a user is told when a request breaks it' })
export class RuleDescription {
  @Field(() => RuleCodeEnum)
  code: RuleCode;

  @Field({ description: 'As in extensions.rule, e.g. case.one-open-case' })
  rule: string;

  @Field({ description: 'The Chinese message a user is shown' })
  message: string;
}

@Resolver()
export class RulesResolver {
  @SignedIn()
  @Query(() => [RuleDescription], { description: 'Every domain rule RULE_VIOLATED can name, with its Chinese message' })
  ruleCodes(): RuleDescription[] {
    return Object.entries(RULE_MESSAGES).map(([rule, message]) => ({ code: rule as RuleCode, rule, message }));
  }
}
