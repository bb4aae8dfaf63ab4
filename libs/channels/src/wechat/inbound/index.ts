export { WechatInboundModule } from './wechat-inbound.module';
export { WechatCallbacks, WECHAT_INBOUND_JOB } from './wechat-callback.service';
export type { CallbackAnswer } from './wechat-callback.service';
export { callbackQuery } from './callback-codec';
export type { CallbackQuery } from './callback-codec';
export {
  WechatReplyRules,
  MAX_REPLY_TEXT,
  MAX_RULES_PER_ACCOUNT,
  RULE_MATCHES,
  RULE_REPLIES,
} from './reply-rules.service';
export type { ReplyRuleInput, ReplyRuleView } from './reply-rules.service';
export { WechatInboundReads } from './inbound-reads.service';
export type { InboundMessageView, SceneView } from './inbound-reads.service';
export { WECHAT_TEMPLATE_FINISHED } from './inbound-processor';
export type { TemplateFinishedPayload } from './inbound-processor';
export { regexProblem, MAX_PATTERN } from './reply-matcher';
export type { RuleMatch, RuleReply } from './inbound.entities';
export {
  WechatCustomerEventRow,
  WechatFollowerRow,
  WechatInboundMessageRow,
  WechatReplyRuleRow,
} from './inbound.entities';
export { WechatInboundSchema1763900009000 } from './inbound.migration';
